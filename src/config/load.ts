/**
 * Loading a configuration file: Kea JSON (with comments and includes) or YAML, chosen by the
 * file extension, into plain values with a {@link SourceMap}; then the `secret-file`,
 * `password-file` and `user-file` references are read into a {@link SecretStore} so the
 * secrets themselves never enter the value tree (and so never reach any output).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceMap } from './source-map.js';
import { describeReadError, JsonSyntaxFailure, parseKeaJson, type ReadText } from './kea-json.js';
import { parseYamlConfig } from './yaml-load.js';
import { configError, joinPointer, type ConfigIssue } from './issues.js';

export type ConfigFormat = 'json' | 'yaml';

/** Secrets read from files at load time, by the JSON pointer of the `*-file` key. */
export class SecretStore {
  #values = new Map<string, string>();

  set(pointer: string, value: string): void {
    this.#values.set(pointer, value);
  }

  /** The secret read for the `*-file` reference at `pointer`, if it was read. */
  get(pointer: string): string | undefined {
    return this.#values.get(pointer);
  }

  has(pointer: string): boolean {
    return this.#values.has(pointer);
  }

  /**
   * The first line of the file read for `pointer` (without `\r`), which is all Kea reads of a
   * secret, password or user file; `undefined` when it was not read.
   */
  firstLine(pointer: string): string | undefined {
    const text = this.#values.get(pointer);
    return text === undefined ? undefined : (text.split('\n', 1)[0] ?? '').replace(/\r$/, '');
  }

  get size(): number {
    return this.#values.size;
  }

  /** Never print a secret: this is what `String(store)` and `JSON.stringify(store)` give. */
  toString(): string {
    return `[SecretStore: ${this.#values.size} redacted]`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A configuration file read and parsed, not yet validated. */
export interface LoadedConfig {
  readonly file: string;
  readonly format: ConfigFormat;
  readonly value: unknown;
  readonly map: SourceMap;
  readonly secrets: SecretStore;
  /** Warnings from reading (trailing commas, leading zeros) and secret-file problems. */
  readonly issues: readonly ConfigIssue[];
}

export type LoadOutcome =
  | { readonly ok: true; readonly config: LoadedConfig }
  | { readonly ok: false; readonly unreadable: boolean; readonly issues: readonly ConfigIssue[] };

export interface LoadOptions {
  /** Reads config and included files; defaults to the local file system. */
  readonly readText?: ReadText;
  /** Reads secret files; defaults to the local file system. */
  readonly readSecret?: ReadText;
  /**
   * `required`: a secret file that cannot be read is an error (serving, `--on-host`).
   * `if-present`: it is skipped silently, because config-test judges the files, not the host
   * (secret files are kept out of git, so a CI runner does not have them).
   * `skip`: secret files are not read at all (diff, convert: they never show secrets).
   */
  readonly secrets?: 'required' | 'if-present' | 'skip';
  /** Force a format instead of choosing by extension. */
  readonly format?: ConfigFormat;
  /** How to name the file in messages (e.g. as the user typed it); defaults to the path read. */
  readonly displayPath?: string;
}

/** Picks the format from the file name: `.yaml`/`.yml` are YAML, anything else Kea JSON. */
export function formatOf(filePath: string): ConfigFormat {
  return /\.ya?ml$/i.test(filePath) ? 'yaml' : 'json';
}

const readLocal: ReadText = (p) => readFileSync(p, 'utf8');

/** Reads and parses a configuration file. Never throws for bad input: see {@link LoadOutcome}. */
export function loadConfigFile(filePath: string, options: LoadOptions = {}): LoadOutcome {
  const readText = options.readText ?? readLocal;
  let text: string;
  try {
    text = readText(filePath);
  } catch (err) {
    return {
      ok: false,
      unreadable: true,
      issues: [{ ...configError('unreadable-file', '', `cannot read ${options.displayPath ?? filePath}: ${describeReadError(err, filePath)}`), file: options.displayPath ?? filePath }],
    };
  }
  return loadConfigText(filePath, text, options);
}

/** Parses configuration text that was read from `filePath` (used for git revisions and tests). */
export function loadConfigText(filePath: string, text: string, options: LoadOptions = {}): LoadOutcome {
  const map = new SourceMap();
  const issues: ConfigIssue[] = [];
  const format = options.format ?? formatOf(filePath);
  let value: unknown;
  try {
    const shown = options.displayPath ?? filePath;
    value = format === 'yaml'
      ? parseYamlConfig(filePath, shown, stripBom(text), map, issues)
      : parseKeaJson(filePath, shown, stripBom(text), map, options.readText ?? readLocal, issues);
  } catch (err) {
    if (!(err instanceof JsonSyntaxFailure)) throw err;
    return { ok: false, unreadable: err.issue.code === 'unreadable-file', issues: [...issues, err.issue] };
  }
  const secrets = new SecretStore();
  if (options.secrets !== 'skip') readSecretFiles(value, path.dirname(path.resolve(filePath)), secrets, issues, options);
  return { ok: true, config: { file: options.displayPath ?? filePath, format, value, map, secrets, issues } };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const SECRET_FILE_KEYS = new Set(['secret-file', 'password-file', 'user-file']);

/**
 * Reads every `secret-file` / `password-file` / `user-file` reference. A relative path resolves
 * against the enclosing `authentication.directory` when there is one, else against the
 * directory of the configuration file.
 */
function readSecretFiles(
  value: unknown,
  baseDir: string,
  secrets: SecretStore,
  issues: ConfigIssue[],
  options: LoadOptions,
): void {
  const readSecret = options.readSecret ?? readLocal;
  // Pointers are built only for the few keys that hold a file reference.
  const segments: Array<string | number> = [];
  const walk = (node: unknown, dir: string): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object') {
          segments.push(i);
          walk(item, dir);
          segments.pop();
        }
      }
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const here = typeof obj['directory'] === 'string' && obj['directory'] !== ''
      ? path.resolve(dir, obj['directory'])
      : dir;
    for (const key in obj) {
      const child = obj[key];
      if (SECRET_FILE_KEYS.has(key) && typeof child === 'string') {
        readOne(child, joinPointer('', ...segments, key), here);
      } else if (child !== null && typeof child === 'object' && key !== 'user-context' && key !== 'parameters') {
        segments.push(key);
        walk(child, here);
        segments.pop();
      }
    }
  };
  const readOne = (ref: string, pointer: string, dir: string): void => {
    const target = path.resolve(dir, ref);
    try {
      secrets.set(pointer, readSecret(target).replace(/\r?\n$/, ''));
    } catch (err) {
      if (options.secrets !== 'required') return; // config-test judges the files, not the host
      issues.push(configError('unreadable-secret-file', pointer, `cannot read ${ref}: ${describeReadError(err, target)}`,
        'create the file on this host, or fix the path; secret files are read when the appliance loads its configuration'));
    }
  };
  walk(value, baseDir);
}
