/**
 * The option definitions in force for one address family: Kea's standard tables plus the
 * `option-def` entries of a config (global, or a client class on top of the global ones).
 * Immutable: `extend` returns a new catalogue. Pure: no I/O.
 *
 * Lookup order here: the definitions added with `extend`, then the standard ones, then the
 * vendor definitions reached through `vendor-<enterprise-id>`, then the DHCPv4 "last resort"
 * definition of option 43. Kea's option-data parser (option_data_parser.cc
 * findOptionDefinition) asks a client class's own definitions first but the global `option-def`
 * entries only after the standard and vendor ones; config/rules/option-defs.ts reproduces that
 * order with two catalogues.
 */
import {
  DHCP4_LAST_RESORT_DEFS, DHCP4_OPTION_DEFS, DHCP4_SUBSPACE_DEFS, DHCP6_OPTION_DEFS,
  DHCP6_SUBSPACE_DEFS, type OptionDefinition,
} from './option-defs.js';

/** Definitions of one space, by code and by name. */
interface SpaceIndex {
  readonly byCode: Map<number, OptionDefinition>;
  readonly byName: Map<string, OptionDefinition>;
}

type Index = Map<string, SpaceIndex>;

function addToIndex(index: Index, def: OptionDefinition, space = def.space): void {
  let s = index.get(space);
  if (s === undefined) {
    s = { byCode: new Map(), byName: new Map() };
    index.set(space, s);
  }
  s.byCode.set(def.code, def);
  s.byName.set(def.name, def);
}

function buildIndex(defs: readonly OptionDefinition[]): Index {
  const index: Index = new Map();
  for (const def of defs) addToIndex(index, def);
  return index;
}

const ENTERPRISE_ISC = 2495;
const VENDOR_SPACE = /^vendor-\+?(\d{1,10})$/;

/**
 * The enterprise id of a `vendor-<N>` space, or `null` (Kea `LibDHCP::optionSpaceToVendorId`:
 * 0 and values above 2^32-1 are not vendor spaces).
 */
export function vendorIdOfSpace(space: string): number | null {
  const m = VENDOR_SPACE.exec(space);
  const id = m?.[1] === undefined ? 0 : Number(m[1]);
  return id > 0 && id <= 0xffffffff ? id : null;
}

/** The standard definitions a family's config can reach, keyed by the space a config names. */
function standardIndex(family: 4 | 6): Index {
  if (family === 4) return buildIndex([...DHCP4_OPTION_DEFS, ...DHCP4_SUBSPACE_DEFS]);
  const index = buildIndex([...DHCP6_OPTION_DEFS, ...DHCP6_SUBSPACE_DEFS]);
  // libdhcp++.cc getVendorOptionDefs: in DHCPv6, vendor-2495 (ISC) holds the 4o6 options.
  for (const def of DHCP6_SUBSPACE_DEFS) {
    if (def.space === '4o6') addToIndex(index, { ...def, space: `vendor-${ENTERPRISE_ISC}` });
  }
  return index;
}

/**
 * Kea's standard definitions under Kea's own space names, for both families: what
 * `CfgOptionDef::add` refuses to redefine (cfg_option_def.cc, via `LibDHCP::getOptionDef`).
 * The DOCSIS3 spaces are `docsis3-v4`/`docsis3-v6` there, so `vendor-4491` is not among them,
 * and option 43 lives in `last-resort-v4`, so dhcp4/43 is not either.
 */
const KEA_STANDARD: Index = (() => {
  const index: Index = new Map();
  const add = (defs: readonly OptionDefinition[], rename?: (space: string) => string): void => {
    for (const def of defs) addToIndex(index, def, rename ? rename(def.space) : def.space);
  };
  add(DHCP4_OPTION_DEFS);
  add(DHCP6_OPTION_DEFS);
  add(DHCP4_LAST_RESORT_DEFS, () => 'last-resort-v4');
  add(DHCP4_SUBSPACE_DEFS, (s) => (s === 'vendor-4491' ? 'docsis3-v4' : s));
  add(DHCP6_SUBSPACE_DEFS, (s) => (s === 'vendor-4491' ? 'docsis3-v6' : s));
  return index;
})();

/** Every space a family's standard definitions live in or encapsulate. */
function standardSpaces(index: Index): Set<string> {
  const spaces = new Set<string>();
  for (const [space, s] of index) {
    spaces.add(space);
    for (const def of s.byCode.values()) if (def.encapsulate !== '') spaces.add(def.encapsulate);
  }
  return spaces;
}

/** The option definitions known to one family's config. */
export class OptionCatalogue {
  static #cache = new Map<4 | 6, OptionCatalogue>();

  readonly family: 4 | 6;
  readonly topSpace: 'dhcp4' | 'dhcp6';
  readonly #standard: Index;
  readonly #custom: Index;
  readonly #knownSpaces: ReadonlySet<string>;

  private constructor(family: 4 | 6, standard: Index, custom: Index, knownSpaces: ReadonlySet<string>) {
    this.family = family;
    this.topSpace = family === 4 ? 'dhcp4' : 'dhcp6';
    this.#standard = standard;
    this.#custom = custom;
    this.#knownSpaces = knownSpaces;
  }

  /**
   * The standard catalogue of a family (built once, then cached).
   * @example OptionCatalogue.standard(4).findByName('dhcp4', 'routers')?.code // 3
   */
  static standard(family: 4 | 6): OptionCatalogue {
    let cat = OptionCatalogue.#cache.get(family);
    if (cat === undefined) {
      const index = standardIndex(family);
      const spaces = standardSpaces(index);
      spaces.add(family === 4 ? 'docsis3-v4' : 'docsis3-v6');
      if (family === 4) spaces.add('vendor-encapsulated-options-space');
      cat = new OptionCatalogue(family, index, new Map(), spaces);
      OptionCatalogue.#cache.set(family, cat);
    }
    return cat;
  }

  /**
   * A new catalogue with `defs` added on top of this one's custom definitions; a definition with
   * the same space and code (or name) as an earlier custom one replaces it, as a client-class
   * `option-def` takes precedence over a global one. Check each with
   * {@link checkOptionDefinition} and {@link isStandard} first.
   */
  extend(defs: readonly OptionDefinition[]): OptionCatalogue {
    const custom: Index = new Map();
    for (const [space, s] of this.#custom) {
      custom.set(space, { byCode: new Map(s.byCode), byName: new Map(s.byName) });
    }
    const spaces = new Set(this.#knownSpaces);
    for (const def of defs) {
      const old = custom.get(def.space)?.byCode.get(def.code);
      if (old !== undefined) custom.get(def.space)?.byName.delete(old.name);
      addToIndex(custom, def);
      spaces.add(def.space);
      if (def.encapsulate !== '') spaces.add(def.encapsulate);
    }
    return new OptionCatalogue(this.family, this.#standard, custom, spaces);
  }

  /**
   * Kea's own names of the CableLabs spaces, `docsis3-v4` / `docsis3-v6`, are standard spaces
   * a config may name directly (Kea's all-options.json does); they hold what `vendor-4491` holds.
   */
  #standardSpace(space: string): SpaceIndex | undefined {
    const alias = space === (this.family === 4 ? 'docsis3-v4' : 'docsis3-v6') ? 'vendor-4491' : space;
    return this.#standard.get(alias);
  }

  /** The definition of (space, code) as Kea's option-data parser would find it. */
  find(space: string, code: number): OptionDefinition | undefined {
    return this.#custom.get(space)?.byCode.get(code)
      ?? this.#standardSpace(space)?.byCode.get(code)
      ?? this.#vendor(space)?.byCode.get(code)
      ?? (this.family === 4 && space === 'dhcp4' && code === 43 ? DHCP4_LAST_RESORT_DEFS[0] : undefined);
  }

  /** The definition named `name` in `space`, with the same precedence as {@link find}. */
  findByName(space: string, name: string): OptionDefinition | undefined {
    return this.#custom.get(space)?.byName.get(name)
      ?? this.#standardSpace(space)?.byName.get(name)
      ?? this.#vendor(space)?.byName.get(name)
      ?? (this.family === 4 && space === 'dhcp4' && name === 'vendor-encapsulated-options'
        ? DHCP4_LAST_RESORT_DEFS[0] : undefined);
  }

  /** `vendor-04491` and `vendor-+4491` reach the same definitions as `vendor-4491` in Kea. */
  #vendor(space: string): SpaceIndex | undefined {
    const id = vendorIdOfSpace(space);
    return id === null ? undefined : this.#standard.get(`vendor-${id}`);
  }

  /**
   * True when Kea has a standard definition for (space, code) and so refuses an `option-def`
   * for it ("unable to override definition of option"). False for `vendor-<N>` spaces (Kea keeps
   * DOCSIS3 under other names) and for dhcp4 code 43 (a last-resort definition only), which a
   * config may define.
   */
  isStandard(space: string, code: number): boolean {
    return KEA_STANDARD.get(space)?.byCode.has(code) ?? false;
  }

  /** Like {@link isStandard}, by name: Kea also refuses an `option-def` reusing a standard name. */
  isStandardName(space: string, name: string): boolean {
    return KEA_STANDARD.get(space)?.byName.has(name) ?? false;
  }

  /** True for standard spaces, `vendor-<N>`, and spaces named by definitions added with extend(). */
  isKnownSpace(space: string): boolean {
    return this.#knownSpaces.has(space) || vendorIdOfSpace(space) !== null;
  }
}
