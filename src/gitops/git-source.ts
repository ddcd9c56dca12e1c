/**
 * The repository the appliance follows: a bare clone of one branch in the state directory,
 * fetched on demand (simple-git), and the files of any revision read with `git show` (includes
 * resolve inside the repository and may not leave it, git-files.ts). Any git URL works: a local
 * path, file://, https, ssh.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { gitFileReader } from './git-files.js';
import type { ReadText } from '../config/index.js';

const execFileAsync = promisify(execFile);

/** Whose signatures make a revision acceptable (see `GitSource.verify`). */
export interface SignatureTrust {
  readonly allowedSigners?: string | undefined;
  readonly gnupgHome?: string | undefined;
}

/**
 * `url` without the password or token it may carry (`https://user:token@host/x.git` →
 * `https://host/x.git`): what status.json, logs, /metrics labels and command answers show.
 * SSH user names and scp-like forms (`git@host:x.git`) carry no secret and stay.
 */
export function displayUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    // An ssh user name is a login, not a secret; over http a token often is the user name.
    const isSsh = u.protocol === 'ssh:';
    if (u.password === '' && (u.username === '' || isSsh)) return url;
    if (!isSsh) u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

export class GitSource {
  readonly url: string;
  /** The url without credentials, for anything shown (see displayUrl). */
  readonly displayUrl: string;
  readonly branch: string;
  /** The bare clone (`<state>/repo.git`). */
  readonly dir: string;
  readonly #git: SimpleGit;

  private constructor(url: string, branch: string, dir: string) {
    this.url = url;
    this.displayUrl = displayUrl(url);
    this.branch = branch;
    this.dir = dir;
    this.#git = simpleGit({ baseDir: dir, timeout: { block: 60_000 } });
  }

  /** Opens the clone in `dir`, creating an empty bare repository with `url` as origin if needed (no network). */
  static async open(url: string, branch: string, dir: string): Promise<GitSource> {
    if (!existsSync(path.join(dir, 'HEAD'))) {
      await simpleGit().raw(['init', '--bare', '--quiet', dir]);
      await simpleGit({ baseDir: dir }).raw(['remote', 'add', 'origin', url]);
    } else {
      await simpleGit({ baseDir: dir }).raw(['remote', 'set-url', 'origin', url]);
    }
    return new GitSource(url, branch, dir);
  }

  /**
   * Fetches the branch and returns its newest commit.
   * @throws Error (the remote cannot be reached, or the branch does not exist): a transient
   *   condition for the reconciler
   */
  async fetch(): Promise<string> {
    await this.#git.raw(['fetch', '--quiet', '--no-tags', 'origin', `+refs/heads/${this.branch}:refs/heads/${this.branch}`]);
    return (await this.#git.raw(['rev-parse', '--verify', `refs/heads/${this.branch}^{commit}`])).trim();
  }

  /** Reads files of `revision`; absolute paths are taken under the repository root `root`. */
  reader(revision: string, root: string): ReadText {
    return gitFileReader(this.dir, revision, root);
  }

  /**
   * Unpacks the files of `revision` into `dir` (git archive | tar), for what must exist as files:
   * hook libraries kept in the repository. `dir` appears complete or not at all.
   * @throws Error when git or tar fails (nothing is left behind)
   */
  async extract(revision: string, dir: string): Promise<void> {
    if (existsSync(dir)) return;
    const tmp = `${dir}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true, mode: 0o700 });
    try {
      const archive = spawn('git', ['-C', this.dir, 'archive', '--format=tar', revision], { stdio: ['ignore', 'pipe', 'pipe'] });
      const tar = spawn('tar', ['-x', '-C', tmp], { stdio: ['pipe', 'ignore', 'pipe'] });
      let errors = '';
      archive.stderr.on('data', (c: Buffer) => (errors += c.toString()));
      tar.stderr.on('data', (c: Buffer) => (errors += c.toString()));
      archive.stdout.pipe(tar.stdin);
      const exited = (p: ReturnType<typeof spawn>): Promise<number | null> => new Promise((resolve, reject) => {
        p.once('error', reject);
        p.once('close', resolve);
      });
      const [a, t] = await Promise.all([exited(archive), exited(tar)]);
      if (a !== 0 || t !== 0) throw new Error(`cannot unpack ${revision.slice(0, 12)}: ${errors.trim() || `git archive exited ${a}, tar ${t}`}`);
      renameSync(tmp, dir);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * Checks the signature of `revision` (git verify-commit): with `allowedSigners` an SSH
   * allowed_signers file, with `gnupgHome` a GnuPG home whose keys are trusted. Resolves to
   * null when the commit is signed by an allowed key, else to the reason.
   */
  async verify(revision: string, trust: SignatureTrust): Promise<string | null> {
    const config = trust.allowedSigners === undefined ? [] : ['-c', `gpg.ssh.allowedSignersFile=${trust.allowedSigners}`];
    const env = trust.gnupgHome === undefined ? {} : { GNUPGHOME: trust.gnupgHome };
    try {
      await execFileAsync('git', ['-C', this.dir, ...config, 'verify-commit', '--raw', revision], { env: { ...process.env, ...env } });
      return null;
    } catch (err) {
      const stderr = ((err as { stderr?: string }).stderr ?? '').trim();
      const line = stderr.split('\n').find((l) => /no signature|not signed|No principal|BAD|bad signature|ERRSIG|NO_PUBKEY|Could not verify/i.test(l));
      return line ?? (stderr.split('\n').pop() || 'the commit is not signed by an allowed key');
    }
  }

  /** The subject line of a commit, for status. */
  async subject(revision: string): Promise<string> {
    return (await this.#git.raw(['log', '-1', '--format=%s', revision])).trim();
  }
}
