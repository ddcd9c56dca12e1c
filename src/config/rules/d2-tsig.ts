/**
 * `DhcpDdns.tsig-keys`: what kea-dhcp-ddns checks when it builds its TSIG keys
 * (src/lib/d2srv/d2_config.cc `TSIGKeyInfoParser`, `TSIGKeyInfoListParser`, and the value checks
 * of src/bin/d2/d2_parser.yy). The schema already checks the algorithm names and that a key has
 * a name, an algorithm and a secret or secret file.
 */
import { joinPointer } from '../issues.js';
import { eachObj, int, str, type Located, type RuleContext } from './context.js';
import { keaBase64, tsigKeyNameError } from './d2-text.js';

/** Digest size of each algorithm in bits, and the least `digest-bits` Kea takes for it. */
const ALGORITHMS: Readonly<Record<string, { readonly bits: number; readonly minTruncated: number }>> = {
  'hmac-md5': { bits: 128, minTruncated: 80 },
  'hmac-sha1': { bits: 160, minTruncated: 80 },
  'hmac-sha224': { bits: 224, minTruncated: 112 },
  'hmac-sha256': { bits: 256, minTruncated: 128 },
  'hmac-sha384': { bits: 384, minTruncated: 192 },
  'hmac-sha512': { bits: 512, minTruncated: 256 },
};

const label = (key: Located): string => {
  const name = str(key.value['name']);
  return name === undefined ? `tsig key #${String(key.path.split('/').pop())}` : `tsig key '${name}'`;
};

/**
 * Checks every TSIG key and returns the names defined (exact strings, as Kea compares them),
 * including those of keys with other errors so that references to them are not reported too.
 */
export function checkTsigKeys(d2: Located, ctx: RuleContext): Set<string> {
  const names = new Map<string, string>();
  for (const key of eachObj(d2, 'tsig-keys')) {
    checkKeyName(key, ctx, names);
    checkDigestBits(key, ctx);
    checkSecret(key, ctx);
  }
  return new Set(names.keys());
}

function checkKeyName(key: Located, ctx: RuleContext, seen: Map<string, string>): void {
  const name = str(key.value['name']);
  if (name === undefined) return;
  const path = joinPointer(key.path, 'name');
  const why = tsigKeyNameError(name);
  if (why !== undefined) {
    ctx.error('tsig-key-name-invalid', path, `tsig key name '${name}' is not usable: ${why}`,
      'use a domain name such as dhcp-key.example.com.');
  }
  const first = seen.get(name);
  if (first !== undefined) {
    ctx.error('duplicate-tsig-key', path, `tsig key '${name}' is defined twice (first at ${first})`,
      'give each key a different name; key-name references must pick exactly one');
  } else {
    seen.set(name, key.path);
  }
}

function checkDigestBits(key: Located, ctx: RuleContext): void {
  const bits = int(key.value['digest-bits']);
  if (bits === undefined || bits <= 0) return; // negative: the schema reported it
  const path = joinPointer(key.path, 'digest-bits');
  if (bits % 8 !== 0) {
    ctx.error('tsig-digest-bits-invalid', path, `${label(key)}: digest-bits ${bits} is not a multiple of 8`,
      'use 0 (no truncation) or a whole number of octets such as 128');
    return;
  }
  const algorithm = str(key.value['algorithm']);
  const spec = algorithm === undefined || !Object.hasOwn(ALGORITHMS, algorithm.toLowerCase()) ? undefined : ALGORITHMS[algorithm.toLowerCase()];
  const min = Math.max(80, spec?.minTruncated ?? 0);
  if (bits < min) {
    const why = spec && spec.minTruncated > 80 ? `half the ${spec.bits}-bit ${algorithm ?? ''} digest` : 'the RFC 4635 minimum';
    ctx.error('tsig-digest-bits-invalid', path, `${label(key)}: digest-bits ${bits} is below ${min} (${why})`,
      `use 0 (no truncation) or at least ${min}`);
  } else if (spec && bits > spec.bits) {
    ctx.warn('tsig-digest-bits-ignored', path,
      `${label(key)}: digest-bits ${bits} is more than the ${spec.bits}-bit ${algorithm ?? ''} digest, so Kea sends the full digest`,
      `Kea accepts this; use 0 or at most ${spec.bits}`);
  }
}

function checkSecret(key: Located, ctx: RuleContext): void {
  const file = key.value['secret-file'];
  const secret = key.value['secret'];
  if (file !== undefined && secret !== undefined) {
    // d2_parser.yy: each of the two keys is unique together with the other one; Kea reports the later.
    const later = Object.keys(key.value).find((k) => k === 'secret' || k === 'secret-file') === 'secret' ? 'secret-file' : 'secret';
    ctx.error('mutually-exclusive-keys', joinPointer(key.path, later),
      `${label(key)} has both secret and secret-file`, 'keep only secret-file');
  }
  if (typeof file === 'string') {
    checkSecretFile(key, file, ctx);
    return;
  }
  if (typeof secret !== 'string') return;
  const path = joinPointer(key.path, 'secret');
  ctx.warn('clear-text-secret', path,
    `${label(key)} has its secret in clear text in the configuration; Kea 3.1 and later reject this unless run with -X (Kea 3.0 accepts it)`,
    'move the secret to a file readable only by the server and reference it with secret-file');
  const verdict = keaBase64(secret);
  if (!verdict.ok) {
    ctx.error('tsig-secret-invalid', path, `${label(key)}: the secret is not valid base64: ${verdict.reason}`,
      'paste the secret exactly as the key generator printed it (tsig-keygen, dnssec-keygen)');
  }
}

function checkSecretFile(key: Located, file: string, ctx: RuleContext): void {
  const path = joinPointer(key.path, 'secret-file');
  if (file === '') {
    ctx.error('tsig-secret-file-blank', path, `${label(key)}: secret-file is empty`, 'give the path of the file that holds the secret');
    return;
  }
  const content = ctx.secrets.get(path);
  // util/filesystem.cc getContent: Kea reads only the first line of the file.
  const first = ctx.secrets.firstLine(path);
  if (content === undefined || first === undefined) return; // not read here (config-test without the host's files)
  if (first === '') {
    ctx.error('tsig-secret-file-empty', path, `${label(key)}: the first line of secret-file ${file} is empty`,
      'put the base64 secret on the first line of the file');
    return;
  }
  const verdict = keaBase64(first);
  if (!verdict.ok) {
    ctx.error('tsig-secret-invalid', path, `${label(key)}: the secret in ${file} is not valid base64: ${verdict.reason}`,
      'the file must hold the base64 secret exactly as the key generator printed it');
  } else if (verdict.bytes === 0) {
    ctx.warn('tsig-secret-empty', path, `${label(key)}: the secret in ${file} is only whitespace, so the key has an empty secret`,
      'Kea accepts this, but no DNS server will accept updates signed with it');
  }
  const newline = content.indexOf('\n');
  if (newline !== -1 && content.slice(newline + 1).trim() !== '') {
    ctx.warn('tsig-secret-file-multiline', path,
      `${label(key)}: ${file} has more than one line, and Kea reads only the first one as the secret`,
      'Kea accepts this; put the whole base64 secret on one line');
  }
}
