/**
 * Source positions of loaded configuration values, so that every issue can name the file, line
 * and column of the value it is about, even inside an included file.
 *
 * Positions are kept beside the plain JS value tree rather than inside it: a WeakMap from each
 * object or array to the positions of its members. A position is one packed number
 * (`fileIndex * 2^32 + offset`); lines and columns are computed only when an issue is located.
 */
import { splitPointer } from './issues.js';

/** A file that contributed text to a loaded document. */
export interface SourceFile {
  /** The path as the user would recognise it (relative to the working directory when shorter). */
  readonly path: string;
  /** The absolute path the text was read from. */
  readonly absPath: string;
  readonly text: string;
}

/** A located position: 1-based line and column. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

interface ObjectPositions {
  /** Position of the `{` or `[` (or the YAML node start). */
  self: number;
  /** For objects: key → [position of the key, position of the value]. */
  keys?: Map<string, [number, number]>;
  /** For arrays: position of each item. */
  items?: number[];
}

const FILE_STRIDE = 2 ** 32;

/** Positions of every value of one loaded document. */
export class SourceMap {
  readonly files: SourceFile[] = [];
  #containers = new WeakMap<object, ObjectPositions>();
  #lineStarts = new Map<number, number[]>();
  #rootPos = 0;

  /** Registers a file and returns its index. */
  addFile(file: SourceFile): number {
    this.files.push(file);
    return this.files.length - 1;
  }

  /** Packs a file index and an offset into one position. */
  static pos(fileIndex: number, offset: number): number {
    return fileIndex * FILE_STRIDE + offset;
  }

  /** Splits a packed position into its file index and offset. */
  static unpack(pos: number): { fileIndex: number; offset: number } {
    const fileIndex = Math.floor(pos / FILE_STRIDE);
    return { fileIndex, offset: pos - fileIndex * FILE_STRIDE };
  }

  setRoot(pos: number): void {
    this.#rootPos = pos;
  }

  /** Records the position of a container (object or array). */
  container(value: object, pos: number): void {
    if (Array.isArray(value)) this.#containers.set(value, { self: pos, items: [] });
    else this.#containers.set(value, { self: pos, keys: new Map() });
  }

  /** Records a member of an object: where its key and its value start. */
  member(obj: object, key: string, keyPos: number, valuePos: number): void {
    this.#containers.get(obj)?.keys?.set(key, [keyPos, valuePos]);
  }

  /** Records the position of the next item of an array. */
  item(arr: unknown[], pos: number): void {
    this.#containers.get(arr)?.items?.push(pos);
  }

  /**
   * Locates the value at `pointer` under `root`. When the pointer names a missing member, the
   * nearest existing ancestor is located instead. With `atKey`, an object member is located at
   * its key rather than its value (better for "unknown keyword" issues).
   */
  locate(root: unknown, pointer: string, atKey = false): Location | undefined {
    let pos = this.#rootPos;
    let node: unknown = root;
    const segments = splitPointer(pointer);
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as string;
      if (node === null || typeof node !== 'object') break;
      const entry = this.#containers.get(node);
      if (entry === undefined) break;
      const isLast = i === segments.length - 1;
      if (Array.isArray(node)) {
        const idx = Number(seg);
        const itemPos = entry.items?.[idx];
        if (itemPos === undefined) break;
        pos = itemPos;
        node = node[idx];
      } else {
        const kv = entry.keys?.get(seg);
        if (kv === undefined) break;
        pos = isLast && atKey ? kv[0] : kv[1];
        node = (node as Record<string, unknown>)[seg];
      }
    }
    return this.#toLocation(pos);
  }

  /** Position of the container itself (for issues about a whole object). */
  positionOf(value: object): number | undefined {
    return this.#containers.get(value)?.self;
  }

  /** Converts a packed position into file, line and column. */
  toLocation(pos: number): Location | undefined {
    return this.#toLocation(pos);
  }

  #toLocation(pos: number): Location | undefined {
    const fileIndex = Math.floor(pos / FILE_STRIDE);
    const offset = pos - fileIndex * FILE_STRIDE;
    const file = this.files[fileIndex];
    if (file === undefined) return undefined;
    const starts = this.#starts(fileIndex, file.text);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: file.path, line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  #starts(fileIndex: number, text: string): number[] {
    let starts = this.#lineStarts.get(fileIndex);
    if (starts === undefined) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.#lineStarts.set(fileIndex, starts);
    }
    return starts;
  }
}
