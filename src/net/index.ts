/**
 * net: IPv4/IPv6 addresses, prefixes, ranges and Kea's hex/identifier text forms.
 * Pure value types and math; imports nothing outside this folder.
 */
export * from './ipv4.js';
export * from './ipv6.js';
export * from './prefix.js';
export * from './hex.js';
