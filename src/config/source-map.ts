/**
 * Source positions of loaded configuration values, so that every issue can name the file, line
 * and column of the value it is about, even inside an included file.
 *
 * Positions are kept beside the plain JS value tree rather than inside it: a Map from each
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

/**
 * Positions of one container, flat to keep loading cheap (a 10 000-subnet file has half a
 * million values): `[self, key0, keyPos0, valuePos0, key1, …]` for an object, in member order,
 * and `[self, item0, item1, …]` for an array. Keys are stored because `Object.keys` does not
 * keep member order (integer-like keys come first).
 */
type Positions = Array<number | string>;

const FILE_STRIDE = 2 ** 32;

/** Positions of every value of one loaded document. */
export class SourceMap {
  readonly files: SourceFile[] = [];
  // A Map, not a WeakMap: it lives exactly as long as the document, and Map.set is much cheaper.
  #containers = new Map<object, Positions>();
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
    this.#containers.set(value, [pos]);
  }

  /** Records a member of an object: where its key and its value start. */
  member(obj: object, key: string, keyPos: number, valuePos: number): void {
    this.#containers.get(obj)?.push(key, keyPos, valuePos);
  }

  /** Records the position of the next item of an array. */
  item(arr: unknown[], pos: number): void {
    this.#containers.get(arr)?.push(pos);
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
        const itemPos = entry[1 + idx];
        if (!Number.isInteger(idx) || typeof itemPos !== 'number') break;
        pos = itemPos;
        node = node[idx];
      } else {
        let at = -1;
        for (let k = 1; k < entry.length; k += 3) {
          if (entry[k] === seg) { at = k; break; }
        }
        if (at === -1) break;
        pos = entry[at + (isLast && atKey ? 1 : 2)] as number;
        node = (node as Record<string, unknown>)[seg];
      }
    }
    return this.#toLocation(pos);
  }

  /** Position of the container itself (for issues about a whole object). */
  positionOf(value: object): number | undefined {
    const self = this.#containers.get(value)?.[0];
    return typeof self === 'number' ? self : undefined;
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
