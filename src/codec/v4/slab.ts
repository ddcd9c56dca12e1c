/**
 * Zeroed byte arrays for encoded datagrams, cut from shared 64 KiB ArrayBuffers as Node's own
 * Buffer pool does. `new Uint8Array(300)` allocates a separate backing store each time (about
 * 0.9-1.3 µs, and external memory the garbage collector tracks); a view over a shared buffer costs
 * about 0.1 µs. A slab stays alive while any array cut from it does: datagrams live one event-loop
 * turn, so a handful of slabs are in use at a time. Arrays larger than a quarter slab are allocated
 * on their own.
 *
 * The slab in use is module state (like Buffer's pool): it is only ever replaced, never written
 * through an array already handed out, so callers cannot see each other.
 */
const SLAB_BYTES = 64 * 1024;
/** Arrays start on 8-byte boundaries (cheaper copies into and out of them). */
const ALIGN = 8;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** A zeroed `Uint8Array` of `length` bytes. */
export function zeroedBytes(length: number): Uint8Array {
  if (length > SLAB_BYTES / 4) return new Uint8Array(length);
  if (used + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Uint8Array(slab, used, length);
  used += (length + ALIGN - 1) & ~(ALIGN - 1);
  // A fresh slab is zeroed already; only a reused region would need it, and regions are never reused.
  return out;
}
