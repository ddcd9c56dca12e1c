/**
 * Canonical text of a configuration: plain JSON or YAML with the same structure. Comments
 * (which Kea also drops on config-write) and include directives are not kept: the output is
 * one self-contained file. Secrets read from `*-file` references are never in the value tree,
 * so they cannot leak into the output.
 */
import { stringify } from 'yaml';

export type OutputFormat = 'json' | 'yaml';

/** Formats a configuration value as 4-space-indented JSON (Kea's config-write style). */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** Formats a configuration value as block-style YAML that loads back to the same value. */
export function toYamlText(value: unknown): string {
  return stringify(value, {
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
  });
}

export function toText(value: unknown, format: OutputFormat): string {
  return format === 'json' ? toJsonText(value) : toYamlText(value);
}
