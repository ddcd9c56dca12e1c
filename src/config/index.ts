/**
 * config: loading Kea JSON (comments, includes) and YAML with source positions, validation
 * (JSON Schema + Kea's semantic rules) with file:line:col for every issue, semantic diff, and
 * textual edits such as assigning subnet ids. Opens no sockets; reads only configuration files
 * and the secret files they reference.
 */
export * from './issues.js';
export * from './source-map.js';
export { type ReadText, MAX_INCLUDE_DEPTH } from './kea-json.js';
export * from './load.js';
export * from './validate.js';
export type { HostFacts } from './rules/index.js';
export { diffConfig, diffToJson, formatDiffText, type ConfigChange, type ConfigDiff, type ChangeKind } from './diff.js';
export { redactSecrets, SECRET_KEYS } from './redact.js';
export { assignSubnetIds, type AssignIdsResult, type IdAssignment } from './assign-ids.js';
export { toJsonText, toText, toYamlText, type OutputFormat } from './convert.js';
export { resolveDhcp4 } from './resolve/resolve4.js';
export { identifierKey } from './resolve/reservations4.js';
export type * from './resolve/types4.js';
