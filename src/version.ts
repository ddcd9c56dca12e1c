/** The gitdhcp version, reported by `--version` (and later by `version-get`). Keep in step with package.json. */
export const VERSION = '0.1.0';
