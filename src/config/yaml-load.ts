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
import { JsonSyntaxFailure } from './kea-json.js';
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
  return root === null ? null : convert(root, doc, map, at);
}

function convert(node: YamlNode, doc: Document, map: SourceMap, at: (o: number) => number, depth = 0): unknown {
  if (depth > 200) throw new JsonSyntaxFailure(located(map, at(node.range?.[0] ?? 0), 'error', 'syntax-error', 'nesting too deep (alias loop?)'));
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined) {
      throw new JsonSyntaxFailure(located(map, at(node.range?.[0] ?? 0), 'error', 'syntax-error', `unresolved alias *${node.source}`));
    }
    return convert(target, doc, map, at, depth + 1);
  }
  if (isScalar(node)) return node.value;
  if (isSeq(node)) {
    const arr: unknown[] = [];
    map.container(arr, at(node.range?.[0] ?? 0));
    for (const item of node.items) {
      map.item(arr, at((item as YamlNode | null)?.range?.[0] ?? node.range?.[0] ?? 0));
      arr.push(item === null ? null : convert(item as YamlNode, doc, map, at, depth + 1));
    }
    return arr;
  }
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    map.container(obj, at(node.range?.[0] ?? 0));
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyPos = at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        throw new JsonSyntaxFailure(located(map, keyPos, 'error', 'syntax-error', 'map keys must be plain strings'));
      }
      const key = keyNode.value;
      const valueNode = pair.value as YamlNode | null;
      const value = valueNode === null ? null : convert(valueNode, doc, map, at, depth + 1);
      if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      else obj[key] = value;
      map.member(obj, key, keyPos, valueNode?.range ? at(valueNode.range[0]) : keyPos);
    }
    return obj;
  }
  return null;
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
