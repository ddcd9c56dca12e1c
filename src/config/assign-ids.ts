/**
 * `convert --assign-ids`: give every subnet without an `id` the id Kea 2.x gave it
 * automatically, by inserting `"id": N` into the source text and leaving every other byte
 * (comments, layout, includes) as it was.
 *
 * Kea before 2.6 numbered subnets without an id with a counter that starts at 1 on each
 * reconfiguration and is consumed only by subnets that lack an id, in parse order: the subnets
 * of `shared-networks` (in order) first, then the top-level `subnet4`/`subnet6` list
 * (src/bin/dhcp4/json_config_parser.cc in Kea 2.2). Its lease files recorded those numbers, so
 * keeping them keeps every existing lease attached to its subnet.
 */
import { SourceMap } from './source-map.js';
import { configWarning, type ConfigIssue } from './issues.js';
import { formatOf, type LoadedConfig } from './load.js';
import { isObj, type Obj } from './access.js';
import { daemonView } from './rules/context.js';

export interface IdAssignment {
  /** JSON pointer of the subnet. */
  readonly path: string;
  readonly id: number;
}

export interface AssignIdsResult {
  readonly assignments: readonly IdAssignment[];
  /** New text per source file index, only for files that changed. */
  readonly edits: ReadonlyMap<number, string>;
  readonly warnings: readonly ConfigIssue[];
}


/** Computes the ids and the edited texts. */
export function assignSubnetIds(loaded: LoadedConfig): AssignIdsResult {
  const assignments: IdAssignment[] = [];
  const warnings: ConfigIssue[] = [];
  const inserts = new Map<number, Array<{ offset: number; subnet: Obj; id: number }>>();
  const root = isObj(loaded.value) ? loaded.value : {};
  for (const [daemon, family] of [['Dhcp4', 4], ['Dhcp6', 6]] as const) {
    const d = root[daemon];
    if (!isObj(d)) continue;
    // daemonView lists the shared networks' subnets first, then the top-level ones: Kea 2.x's order.
    const subnets = daemonView(d, family).subnets.map((s) => ({ subnet: s.value, path: s.path }));
    const used = new Set(subnets.map((s) => s.subnet['id']).filter((id): id is number => typeof id === 'number'));
    let counter = 1;
    for (const { subnet, path } of subnets) {
      if (subnet['id'] !== undefined) continue;
      let id = counter++;
      if (used.has(id)) {
        const kea = id;
        while (used.has(id)) id++;
        counter = id + 1;
        warnings.push(configWarning('assigned-id-differs', path,
          `this subnet would have been numbered ${kea} by Kea 2.x, but another subnet uses ${kea} explicitly (Kea 2.x rejected this configuration); assigned ${id}`,
          `check the lease file: leases of this subnet recorded under ${kea} belong to the other subnet`));
      }
      used.add(id);
      assignments.push({ path, id });
      const pos = loaded.map.positionOf(subnet);
      if (pos === undefined) continue;
      const { fileIndex, offset } = SourceMap.unpack(pos);
      const arr = inserts.get(fileIndex) ?? [];
      arr.push({ offset, subnet, id });
      inserts.set(fileIndex, arr);
    }
  }
  const edits = new Map<number, string>();
  for (const [fileIndex, list_] of inserts) {
    const file = loaded.map.files[fileIndex];
    if (file === undefined) continue;
    let text = file.text;
    for (const ins of [...list_].sort((a, b) => b.offset - a.offset)) {
      text = insertId(text, ins.offset, ins.id, Object.keys(ins.subnet).length === 0, formatOf(file.path) === 'yaml');
    }
    edits.set(fileIndex, text);
  }
  return { assignments, edits, warnings };
}

/** Inserts the id member at the start of the map that begins at `offset`. */
function insertId(text: string, offset: number, id: number, isEmpty: boolean, isYaml: boolean): string {
  if (text.charAt(offset) === '{') {
    // A JSON map, or a YAML flow map.
    const member = isYaml ? `id: ${id}` : `"id": ${id}`;
    const after = text.slice(offset + 1);
    const nextLine = /^[ \t]*\r?\n([ \t]*)/.exec(after);
    if (isEmpty) return `${text.slice(0, offset + 1)} ${member} ${after}`;
    if (nextLine) return `${text.slice(0, offset + 1)}\n${nextLine[1]}${member},${after}`;
    return `${text.slice(0, offset + 1)} ${member},${after.startsWith(' ') ? '' : ' '}${after}`;
  }
  // A YAML block map: the position is its first key. Insert a line before it at the same column.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return `${text.slice(0, offset)}id: ${id}\n${' '.repeat(offset - lineStart)}${text.slice(offset)}`;
}
