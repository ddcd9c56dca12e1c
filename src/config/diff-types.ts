/**
 * Types of the semantic configuration diff: the public `ConfigChange`/`ConfigDiff`, and the
 * internal `Entity` that both configurations are flattened into before they are matched.
 */
import type { AddressRange } from '../net/index.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One field of a changed thing; `undefined` means the field is not set on that side. */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** One difference between two configurations. */
export interface ConfigChange {
  readonly kind: ChangeKind;
  /** What changed, by stable identity, e.g. `Dhcp4 subnet 12 (10.0.12.0/24)`. */
  readonly subject: string;
  /** Machine-readable identity: `{ daemon, kind, key }`. */
  readonly identity: Readonly<Record<string, unknown>>;
  /** JSON pointers in the old and new documents, when the thing exists there. */
  readonly oldPath?: string;
  readonly newPath?: string;
  /** For `changed`: the fields that differ, before → after, secrets redacted. */
  readonly fields?: readonly FieldChange[];
  /** For `added`/`removed`: the whole value, secrets redacted. */
  readonly value?: unknown;
  /** Set when the change can affect existing leases, with why. */
  readonly leaseImpact?: string;
}

/** The difference between two configurations, in a stable order (daemon, then hierarchy). */
export interface ConfigDiff {
  readonly changes: readonly ConfigChange[];
  /** How many changes have a `leaseImpact`. */
  readonly leaseAffecting: number;
}

/** The kinds of thing the diff matches by identity. */
export type EntityKind =
  | 'parameter'
  | 'order'
  | 'hooks-library'
  | 'control-socket'
  | 'logger'
  | 'option-def'
  | 'option'
  | 'class'
  | 'tsig-key'
  | 'shared-network'
  | 'subnet'
  | 'pool'
  | 'pd-pool'
  | 'reservation'
  | 'ddns-domain'
  | 'dns-server';

/** Facts the lease-impact rules need, set only on the kinds they are about. */
export interface EntityFacts {
  /** subnet: its `id`, when it has one. */
  readonly subnetId?: number;
  /** subnet: canonical prefix text (`10.0.12.0/24`). */
  readonly prefix?: string;
  /** pool, pd-pool: the addresses it covers. */
  readonly range?: AddressRange;
  /** pool, pd-pool, reservation: the entity id of the owning subnet (reservation: or daemon). */
  readonly scopeId?: string;
  /** reservation: `hw-address 1a:1b:1c:1d:1e:1f`. */
  readonly identifier?: string;
  /** reservation: canonical reserved addresses and prefixes. */
  readonly addresses?: readonly string[];
}

/** A thing with an identity in one configuration. */
export interface Entity {
  /** Match key, the same in both configurations; hierarchical, so sorting groups children. */
  readonly id: string;
  readonly parentId: string | null;
  readonly daemon: string;
  readonly kind: EntityKind;
  readonly key: Readonly<Record<string, unknown>>;
  /** The subject without the daemon: `subnet 12`, `client class "voip"`. Used by children. */
  readonly label: string;
  readonly subject: string;
  /** JSON pointer of the entity's value in its document. */
  readonly path: string;
  /** The raw value (for added/removed). */
  readonly value: unknown;
  /** Own comparable fields, flattened (`relay.ip-addresses`), child entities excluded. */
  readonly fields: ReadonlyMap<string, unknown>;
  readonly facts: EntityFacts;
}
