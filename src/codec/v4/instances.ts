/**
 * Repeated option instances (RFC 3396 §5): the first payload of a code is kept as a view into
 * the datagram; later instances of the same code are collected and, once the whole area is read,
 * concatenated into one copy. Shared by the option decoder and the sub-option readers. Nothing
 * is allocated unless a code repeats. Pure.
 */

/** Where payloads go, by code: `Options4` or a plain `Map`. */
export interface PayloadSink {
  get(code: number): Uint8Array | undefined;
  set(code: number, payload: Uint8Array): void;
}

/** Repeated codes seen so far: every instance, in order (null until a code repeats). */
export type Repeats = Map<number, Uint8Array[]> | null;

/** Adds one instance of `code`; returns the repeats to pass to the next call. */
export function addInstance(sink: PayloadSink, repeats: Repeats, code: number, payload: Uint8Array): Repeats {
  const first = sink.get(code);
  if (first === undefined) {
    sink.set(code, payload);
    return repeats;
  }
  const all = repeats ?? new Map<number, Uint8Array[]>();
  const list = all.get(code);
  if (list === undefined) all.set(code, [first, payload]);
  else list.push(payload);
  return all;
}

/** Replaces each repeated code's payload by the concatenation of its instances. */
export function fuseInstances(sink: PayloadSink, repeats: Repeats): void {
  if (repeats === null) return;
  for (const [code, list] of repeats) sink.set(code, concatBytes(list));
}

export function concatBytes(list: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of list) total += part.length;
  const out = new Uint8Array(total);
  let p = 0;
  for (const part of list) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
