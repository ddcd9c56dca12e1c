/**
 * Kea parses every option of a received packet that has a definition and drops the packet when
 * one does not parse (`LibDHCP::unpackOptions4` throws, `pkt4-parse-failed`). This checks the
 * payload lengths the same way for the dhcp4 options whose definitions fix a size: a scalar too
 * short (or, since Kea 3.3 and unless `lenient-option-parsing`, too long), an array whose length
 * is not a whole number of elements, a record shorter than its fixed fields. Options 43 and
 * 224-254 are parsed later, with class definitions, and never drop a packet; so are the
 * encapsulating options (82, 125, ...), whose sub-options Kea reads leniently. Pure.
 */
import type { OptionCatalogue, OptionDataType, Options4 } from '../codec/index.js';

const FIXED_SIZES: Partial<Record<OptionDataType, number>> = {
  boolean: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, 'ipv4-address': 4, 'ipv6-address': 16,
};

/** Codes parsed after classification (Kea's deferred options): never a reason to drop. */
function isDeferred(code: number): boolean {
  return code === 43 || code >= 224;
}

/** The first option whose payload cannot be parsed by its definition, or undefined when all can. */
export function malformedOption4(options: Options4, catalogue: OptionCatalogue, lenient: boolean): number | undefined {
  for (const [code, payload] of options.entries()) {
    if (isDeferred(code)) continue;
    const def = catalogue.find('dhcp4', code);
    if (def === undefined || def.encapsulate !== '') continue;
    const len = payload.length;
    if (def.type === 'record') {
      let min = 0;
      for (const t of def.recordTypes) min += FIXED_SIZES[t] ?? 0;
      if (len < min) return code;
      continue;
    }
    const size = FIXED_SIZES[def.type];
    if (size === undefined) continue;
    if (def.array) {
      if (len % size !== 0) return code;
    } else if (len < size || (len > size && !lenient)) {
      return code;
    }
  }
  return undefined;
}
