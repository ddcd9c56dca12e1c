/**
 * YAML with the same structure as Kea's JSON. The `yaml` library parses; this module turns its
 * node tree into plain values and records every value's position in the {@link SourceMap}.
 * Duplicate keys, unknown tags and non-string keys are errors; anchors and aliases resolve to
 * copies of the anchored value.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import path from 'node:path';
import { SourceMap } from './source-map.js';
import { INPUT_LIMITS, JsonSyntaxFailure } from './kea-json.js';
import type { ConfigIssue, ConfigIssueCode } from './issues.js';

/** Parses YAML `text` (the contents of `filePath`) into plain values. */
export function parseYamlConfig(
  filePath: string,
  displayPath: string,
  text: string,
  map: SourceMap,
  warnings: ConfigIssue[],
): unknown {
  const fileIndex = map.addFile({ path: displayPath, absPath: path.resolve(filePath), text });
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  const at = (offset: number): number => SourceMap.pos(fileIndex, offset);
  const first = doc.errors[0];
  if (first !== undefined) {
    const issue = located(map, at(first.pos[0]), 'error', first.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'syntax-error',
      firstLine(first.message));
    throw new JsonSyntaxFailure(mentionsColonPitfall(text, first.pos[0]) ? { ...issue, hint: IPV6_HINT } : issue);
  }
  for (const w of doc.warnings) {
    const code = w.code === 'TAG_RESOLVE_FAILED' ? 'syntax-error' : 'yaml-warning';
    const issue = located(map, at(w.pos[0]), code === 'syntax-error' ? 'error' : 'warning', code, firstLine(w.message));
    if (issue.severity === 'error') throw new JsonSyntaxFailure(issue);
    warnings.push(issue);
  }
  const root = doc.contents;
  map.setRoot(at(root?.range[0] ?? 0));
  if (root === null) return null;
  return new Converter(doc, map, at).convert(root, 0, false);
}

/** Tags whose values are not JSON: an ordered map or pairs (lists of pairs), and sets. */
const NON_JSON_COLLECTIONS = new Set(['tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs', 'tag:yaml.org,2002:set']);

/** Values an alias may expand to in all: aliases of aliases grow exponentially. */
const MAX_ALIASED_VALUES = 1_000_000;

class Converter {
  #aliased = 0;

  constructor(
    private readonly doc: Document,
    private readonly map: SourceMap,
    private readonly at: (offset: number) => number,
  ) {}

  #fail(node: YamlNode, code: ConfigIssueCode, message: string): never {
    throw new JsonSyntaxFailure(located(this.map, this.at(node.range?.[0] ?? 0), 'error', code, message));
  }

  /** Converts a node to a plain value; `inAlias` counts values produced by expanding an alias. */
  convert(node: YamlNode, depth: number, inAlias: boolean): unknown {
    if (depth > INPUT_LIMITS.maxDepth) this.#fail(node, 'input-too-large', `maps and lists nest more than ${INPUT_LIMITS.maxDepth} levels deep`);
    if (inAlias && ++this.#aliased > MAX_ALIASED_VALUES) {
      this.#fail(node, 'input-too-large', `aliases expand to more than ${MAX_ALIASED_VALUES} values`);
    }
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) this.#fail(node, 'syntax-error', `unresolved alias *${node.source}`);
      return this.convert(target, depth + 1, true);
    }
    if (node.tag !== undefined && NON_JSON_COLLECTIONS.has(node.tag)) {
      this.#fail(node, 'syntax-error', `${node.tag.replace('tag:yaml.org,2002:', '!!')} is not a JSON value; write a map or a list`);
    }
    if (isScalar(node)) return this.#scalar(node);
    if (isSeq(node)) return this.#seq(node, depth, inAlias);
    if (isMap(node)) return this.#map(node, depth, inAlias);
    return this.#fail(node, 'syntax-error', 'a YAML value that has no JSON equivalent');
  }

  #scalar(node: YamlNode & { value: unknown }): unknown {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
    const what = node.tag?.replace('tag:yaml.org,2002:', '!!') ?? typeof v;
    return this.#fail(node, 'syntax-error', `${what} values are not JSON; write the value as a string or number`);
  }

  #seq(node: YamlNode & { items: unknown[] }, depth: number, inAlias: boolean): unknown[] {
    const { map, at } = this;
    const arr: unknown[] = [];
    map.container(arr, at(node.range?.[0] ?? 0));
    for (const item of node.items) {
      if (item !== null && !isAlias(item) && !isScalar(item) && !isSeq(item) && !isMap(item)) {
        this.#fail(node, 'syntax-error', 'a list item that is a key: value pair; write "- key: value" maps or plain values');
      }
      map.item(arr, at((item as YamlNode | null)?.range?.[0] ?? node.range?.[0] ?? 0));
      arr.push(item === null ? null : this.convert(item as YamlNode, depth + 1, inAlias));
    }
    return arr;
  }

  #map(node: YamlNode & { items: Array<{ key: unknown; value: unknown }> }, depth: number, inAlias: boolean): Record<string, unknown> {
    const { map, at } = this;
    const obj: Record<string, unknown> = {};
    map.container(obj, at(node.range?.[0] ?? 0));
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyPos = at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.#fail(keyNode ?? node, 'syntax-error', 'map keys must be plain strings');
      }
      const key = keyNode.value;
      const valueNode = pair.value as YamlNode | null;
      const value = valueNode === null ? null : this.convert(valueNode, depth + 1, inAlias);
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      map.member(obj, key, keyPos, valueNode?.range ? at(valueNode.range[0]) : keyPos);
    }
    return obj;
  }
}

const IPV6_HINT = "quote IPv6 addresses in YAML when they end with '::' or stand in a [flow, list]: prefix: '2001:db8::'";

/** True when the line of the error holds something like an IPv6 address (YAML reads its ':' as a key separator). */
function mentionsColonPitfall(text: string, offset: number): boolean {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return /[0-9a-fA-F]*::|[0-9a-fA-F]+:[0-9a-fA-F]+:/.test(text.slice(start, end === -1 ? undefined : end));
}

function firstLine(message: string): string {
  const line = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

function located(map: SourceMap, pos: number, severity: 'error' | 'warning', code: ConfigIssueCode, message: string): ConfigIssue {
  const loc = map.toLocation(pos);
  return { severity, code, message, path: '', ...(loc ? { file: loc.file, line: loc.line, column: loc.column } : {}) };
}
