// The gitdhcp command line as operators and CI jobs use it: config-test, diff, convert.
// Configs: examples/site (YAML and Kea JSON), and small files written per test.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { gitdhcp, GITDHCP, ROOT } from '../helpers/cli.js';

const temps: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'gitdhcp-cli-'));
  temps.push(d);
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

const INVALID = `{
  // two subnets claim id 1
  "Dhcp4": {
    "subnet4": [
      { "id": 1, "subnet": "10.0.0.0/24" },
      { "id": 1, "subnet": "10.0.1.0/24",
        "pools": [ { "pool": "10.0.2.10 - 10.0.2.20" } ] }
    ],
    "valid-lifetme": 3600,
  }
}
`;

describe('gitdhcp --help', () => {
  it('lists the commands and exits 0', () => {
    const r = gitdhcp(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['config-test', 'diff', 'convert']) expect(r.stdout).toContain(c);
  });

  it('rejects an unknown command with exit 2', () => {
    const r = gitdhcp(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe('gitdhcp config-test', () => {
  it('passes the example site in YAML and in Kea JSON with includes', () => {
    const r = gitdhcp(['config-test', 'examples/site/gitdhcp.yaml', 'examples/site/kea/kea-dhcp4.conf', 'examples/site/kea/kea-dhcp6.conf', 'examples/site/kea/kea-dhcp-ddns.conf']);
    expect(r.stdout).toContain('examples/site/gitdhcp.yaml: valid');
    expect(r.status).toBe(0);
  });

  it('reports every error with file:line:col, code and path, and exits 1', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'kea.json'), INVALID);
    const r = gitdhcp(['config-test', 'kea.json'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('kea.json:6:15: error [duplicate-subnet-id] /Dhcp4/subnet4/1/id');
    expect(r.stdout).toContain('kea.json:7:30: error [pool-outside-subnet] /Dhcp4/subnet4/1/pools/0/pool');
    expect(r.stdout).toContain('kea.json:9:5: error [unknown-keyword] /Dhcp4/valid-lifetme: unknown keyword "valid-lifetme"');
    expect(r.stdout).toContain('hint: did you mean "valid-lifetime"?');
    expect(r.stdout).toContain('kea.json:9:26: warning [trailing-comma]');
    expect(r.stdout).toContain('kea.json: invalid (3 errors, 1 warning)');
  });

  it('prints {valid, errors, warnings} with --format json', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'kea.json'), INVALID);
    const r = gitdhcp(['config-test', '--format', 'json', 'kea.json'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.errors).toHaveLength(3);
    expect(out.warnings).toHaveLength(1);
    expect(out.errors[0]).toEqual({
      severity: 'error', code: 'duplicate-subnet-id', file: 'kea.json', line: 6, column: 15, path: '/Dhcp4/subnet4/1/id',
      message: expect.stringContaining('subnet id 1'), hint: expect.any(String),
    });
  });

  it('prints GitHub workflow annotations with --format github', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'kea.json'), INVALID);
    const r = gitdhcp(['config-test', '--format', 'github', 'kea.json'], { cwd: dir });
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=kea\.json,line=6,col=15,title=gitdhcp duplicate-subnet-id::\/Dhcp4\/subnet4\/1\/id: subnet id 1/);
    expect(r.stdout).toMatch(/^::warning file=kea\.json,line=9,col=26,/m);
  });

  it('prints a GitLab Code Quality report with --format gitlab', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'kea.json'), INVALID);
    const report = JSON.parse(gitdhcp(['config-test', '--format', 'gitlab', 'kea.json'], { cwd: dir }).stdout);
    expect(report[0]).toMatchObject({ check_name: 'gitdhcp/duplicate-subnet-id', severity: 'major', location: { path: 'kea.json', lines: { begin: 6 } } });
    expect(report[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exits 2 when a file cannot be read, 1 when it is not well-formed', () => {
    const missing = gitdhcp(['config-test', 'no/such/file.json']);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('unreadable-file');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'broken.yaml'), 'Dhcp4:\n  subnet4: [\n');
    expect(gitdhcp(['config-test', 'broken.yaml'], { cwd: dir }).status).toBe(1);
  });

  it('names the included file and line of an error inside an include', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'conf'));
    writeFileSync(path.join(dir, 'conf/main.json'), '{"Dhcp4": {"subnet4": [\n<?include "subnets.json"?>\n]}}');
    writeFileSync(path.join(dir, 'conf/subnets.json'), '{"id": 1,\n "subnet": "10.0.0.0/24",\n "pools": [{"pool": "10.9.0.1 - 10.9.0.9"}]}');
    const r = gitdhcp(['config-test', 'conf/main.json'], { cwd: dir });
    expect(r.stdout).toContain('conf/subnets.json:3:21: error [pool-outside-subnet]');
  });
});

describe('gitdhcp diff', () => {
  function twoFiles(): [string, string, string] {
    const dir = tempDir();
    const old = readFileSync(path.join(ROOT, 'examples/site/gitdhcp.yaml'), 'utf8');
    const changed = old.replace('pool: 10.1.0.20 - 10.1.0.250', 'pool: 10.1.0.20 - 10.1.0.199').replace('- id: 200', '- id: 201');
    writeFileSync(path.join(dir, 'old.yaml'), old);
    writeFileSync(path.join(dir, 'new.yaml'), changed);
    return [dir, 'old.yaml', 'new.yaml'];
  }

  it('exits 0 for configurations that mean the same, across formats', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), '{"Dhcp4": {"subnet4": [{"id": 1, "subnet": "10.0.0.0/24", "pools": [{"pool": "10.0.0.0/25"}]}, {"id": 2, "subnet": "10.0.1.0/24"}]}}');
    writeFileSync(path.join(dir, 'b.yaml'), 'Dhcp4:\n  subnet4:\n    - {id: 2, subnet: 10.0.1.0/24}\n    - id: 1\n      subnet: 10.0.0.0/24\n      pools: [{pool: 10.0.0.0 - 10.0.0.127}]\n');
    const r = gitdhcp(['diff', 'a.json', 'b.yaml'], { cwd: dir });
    expect(r.stdout).toContain('no changes');
    expect(r.status).toBe(0);
  });

  it('reports changes by identity with lease impact, and exits 1', () => {
    const [dir, a, b] = twoFiles();
    const r = gitdhcp(['diff', a, b], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('- Dhcp4 subnet 101 pool 10.1.0.20-10.1.0.250');
    expect(r.stdout).toContain('! lease impact: 10.1.0.200-10.1.0.250 left the pools');
    expect(r.stdout).toContain('10.2.0.0/22 moved from subnet 200 to subnet 201');
    const json = JSON.parse(gitdhcp(['diff', '--format', 'json', a, b], { cwd: dir }).stdout);
    expect(json.leaseAffecting).toBeGreaterThan(0);
  });

  it('never prints a secret', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), '{"DhcpDdns": {"tsig-keys": [{"name": "k.", "algorithm": "HMAC-SHA256", "secret": "c2VjcmV0LW9uZQ=="}]}}');
    writeFileSync(path.join(dir, 'b.json'), '{"DhcpDdns": {"tsig-keys": [{"name": "k.", "algorithm": "HMAC-SHA256", "secret": "c2VjcmV0LXR3bw=="}]}}');
    for (const format of ['text', 'json']) {
      const r = gitdhcp(['diff', '--format', format, 'a.json', 'b.json'], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stdout).not.toContain('c2VjcmV0');
      expect(r.stdout).toContain('redacted');
    }
  });

  it('compares two revisions of a git repository, includes resolved in each revision', () => {
    const dir = tempDir();
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(dir, 'gitdhcp.json'), '{"Dhcp4": {"subnet4": [<?include "subnets.json"?>]}}');
    writeFileSync(path.join(dir, 'subnets.json'), '{"id": 1, "subnet": "10.0.0.0/24"}');
    git('add', '.');
    git('commit', '-qm', 'one');
    const first = git('rev-parse', 'HEAD');
    writeFileSync(path.join(dir, 'subnets.json'), '{"id": 1, "subnet": "10.0.9.0/24"}');
    git('commit', '-qam', 'two');
    const r = gitdhcp(['diff', '--repo', dir, first, 'HEAD']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('subnet 1 was 10.0.0.0/24, now 10.0.9.0/24');
    expect(gitdhcp(['diff', '--repo', dir, first, first]).status).toBe(0);
    expect(gitdhcp(['diff', '--repo', dir, first, 'no-such-rev']).status).toBe(2);
  });

  it('exits 2 when a file cannot be read', () => {
    expect(gitdhcp(['diff', 'examples/site/gitdhcp.yaml', 'nope.yaml']).status).toBe(2);
  });
});

describe('gitdhcp convert', () => {
  it('turns Kea JSON with comments and includes into YAML with the same meaning, and back', () => {
    const dir = tempDir();
    const yaml = gitdhcp(['convert', '--to', 'yaml', 'examples/site/kea/kea-dhcp4.conf']);
    expect(yaml.status).toBe(0);
    const fromYaml = parseYaml(yaml.stdout);
    expect(fromYaml.Dhcp4['shared-networks'][0].name).toBe('floor1'); // the include was inlined
    writeFileSync(path.join(dir, 'dhcp4.yaml'), yaml.stdout);
    const json = gitdhcp(['convert', '--to', 'json', 'dhcp4.yaml'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toEqual(fromYaml);
    expect(gitdhcp(['diff', 'examples/site/kea/kea-dhcp4.conf', path.join(dir, 'dhcp4.yaml')]).status).toBe(0);
  });

  it('adds the ids Kea 2.x assigned, keeping comments and layout', () => {
    const dir = tempDir();
    const kea22 = `{
  # a Kea 2.2 configuration: no subnet ids
  "Dhcp4": {
    "shared-networks": [ { "name": "net", "subnet4": [ { "subnet": "10.0.1.0/24" } ] } ],
    "subnet4": [
      {
        "subnet": "10.0.2.0/24" // second in Kea's parse order
      },
      { "id": 1, "subnet": "10.0.3.0/24" }
    ]
  }
}
`;
    writeFileSync(path.join(dir, 'kea.json'), kea22);
    expect(gitdhcp(['config-test', 'kea.json'], { cwd: dir }).stdout).toContain('missing-subnet-id');
    const r = gitdhcp(['convert', '--assign-ids', '--in-place', 'kea.json'], { cwd: dir });
    expect(r.status).toBe(0);
    const edited = readFileSync(path.join(dir, 'kea.json'), 'utf8');
    expect(edited).toContain('# a Kea 2.2 configuration: no subnet ids');
    expect(edited).toContain('{ "id": 2, "subnet": "10.0.1.0/24" }'); // 1 is taken explicitly: Kea 2.x would have failed
    expect(edited).toContain('"id": 3,\n        "subnet": "10.0.2.0/24" // second in Kea\'s parse order');
    expect(r.stderr).toContain('assigned-id-differs');
    expect(gitdhcp(['config-test', 'kea.json'], { cwd: dir }).status).toBe(0);
  });
});

describe('ops/pre-commit/pre-commit', () => {
  it('refuses a commit whose staged configuration is invalid', () => {
    const dir = tempDir();
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'gitdhcp'), `#!/bin/sh\nexec "${process.execPath}" "${GITDHCP}" "$@"\n`);
    chmodSync(path.join(bin, 'gitdhcp'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env['PATH']}` };
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8', env, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    execFileSync('cp', [path.join(ROOT, 'ops/pre-commit/pre-commit'), path.join(dir, '.git/hooks/pre-commit')]);
    writeFileSync(path.join(dir, 'gitdhcp.yaml'), 'Dhcp4:\n  subnet4:\n    - id: 1\n      subnet: 10.0.0.0/24\n');
    git('add', 'gitdhcp.yaml');
    git('commit', '-qm', 'valid');
    writeFileSync(path.join(dir, 'gitdhcp.yaml'), 'Dhcp4:\n  subnet4:\n    - id: 1\n      subnet: 10.0.0.0/33\n');
    git('add', 'gitdhcp.yaml');
    expect(() => git('commit', '-qm', 'invalid')).toThrow(/staged configuration is invalid/);
    expect(git('log', '--oneline').trim().split('\n')).toHaveLength(1);
  });
});
