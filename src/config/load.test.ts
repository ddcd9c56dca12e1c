import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadConfigText, loadConfigFile, type LoadOutcome, type LoadedConfig } from './load.js';
import type { ReadText } from './kea-json.js';

/** An in-memory file system rooted at /cfg. */
function memfs(files: Record<string, string>): ReadText {
  return (p) => {
    const text = files[path.resolve('/cfg', p)];
    if (text === undefined) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
    return text;
  };
}

function ok(out: LoadOutcome): LoadedConfig {
  if (!out.ok) throw new Error(`load failed: ${JSON.stringify(out.issues)}`);
  return out.config;
}

function loc(cfg: LoadedConfig, pointer: string, atKey = false) {
  const l = cfg.map.locate(cfg.value, pointer, atKey);
  return l && `${path.basename(l.file)}:${l.line}:${l.column}`;
}

describe('Kea JSON extensions', () => {
  it('accepts #, // and /* */ comments, and keeps comment markers inside strings', () => {
    const text = [
      '# hash comment',
      '{ // line comment',
      '  /* block',
      '     comment */ "Dhcp4": {',
      '    "server-hostname": "a#b//c/*d*/", # trailing',
      '    "valid-lifetime": 4000',
      '  }',
      '}',
    ].join('\n');
    const cfg = ok(loadConfigText('/cfg/kea.json', text));
    expect(cfg.value).toEqual({ Dhcp4: { 'server-hostname': 'a#b//c/*d*/', 'valid-lifetime': 4000 } });
    expect(cfg.issues).toEqual([]);
    expect(loc(cfg, '/Dhcp4/valid-lifetime')).toBe('kea.json:6:23');
  });

  it('rejects a block comment that is never closed, at the /*', () => {
    const out = loadConfigText('/cfg/kea.json', '{\n  /* open\n "Dhcp4": {} }');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.issues[0]).toMatchObject({ code: 'syntax-error', line: 2, column: 3 });
  });

  it('warns about trailing commas with their position, in maps and lists', () => {
    const cfg = ok(loadConfigText('/cfg/kea.json', '{"Dhcp4": {"a": [1, 2,],\n "b": 1,}}'));
    expect(cfg.value).toEqual({ Dhcp4: { a: [1, 2], b: 1 } });
    expect(cfg.issues.map((i) => [i.severity, i.code, i.line, i.column])).toEqual([
      ['warning', 'trailing-comma', 1, 22],
      ['warning', 'trailing-comma', 2, 8],
    ]);
  });

  it('rejects duplicate keys at the second occurrence', () => {
    const out = loadConfigText('/cfg/kea.json', '{"Dhcp4": {\n  "valid-lifetime": 1,\n  "valid-lifetime": 2 }}');
    expect(!out.ok && out.issues[0]).toMatchObject({ code: 'duplicate-key', line: 3, column: 3 });
    expect(!out.ok && out.issues[0]?.message).toBe('duplicate key "valid-lifetime" in the same map');
  });

  it.each([
    ['{"a": +1}', 'syntax-error', /may not start with '\+'/],
    ['{"a": True}', 'syntax-error', /lowercase \(true\)/],
    ['{"a": "\\u20ac"}', 'syntax-error', /only \\u0000 to \\u00ff/],
    ['{"a": "x\ty"}', 'syntax-error', /control character 0x09/],
    ['{"a": "\\q"}', 'syntax-error', /bad escape/],
    ['{"a": 1 "b": 2}', 'syntax-error', /expected ',' or '}'/],
    ['{"a": [1 2]}', 'syntax-error', /expected ',' or '\]'/],
    ['{"a": 1}}', 'syntax-error', /after the end/],
    ['{"a": ', 'syntax-error', /end of file/],
    ['{a: 1}', 'syntax-error', /double quotes/],
    ['{"a": 123456789012345678901}', 'syntax-error', /too large/],
  ])('rejects %s', (text, code, message) => {
    const out = loadConfigText('/cfg/kea.json', text);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.issues.at(-1)?.code).toBe(code);
    expect(!out.ok && out.issues.at(-1)?.message).toMatch(message);
  });

  it('warns about leading zeros and keeps the value, as Kea does', () => {
    const cfg = ok(loadConfigText('/cfg/kea.json', '{"a": 010, "b": -0.5, "c": .5, "d": 1e3}'));
    expect(cfg.value).toEqual({ a: 10, b: -0.5, c: 0.5, d: 1000 });
    expect(cfg.issues.map((i) => i.code)).toEqual(['leading-zeros']);
  });

  it('decodes escapes, including Latin-1 \\u00XX', () => {
    const cfg = ok(loadConfigText('/cfg/kea.json', '{"a": "q\\"b\\\\s\\/n\\n\\u00e9"}'));
    expect(cfg.value).toEqual({ a: 'q"b\\s/n\né' });
  });
});

describe('<?include?>', () => {
  const files = {
    '/cfg/main.json': '{ "Dhcp4": {\n  "subnet4": [\n    <?include "sub/subnets.json"?>\n  ]\n} }',
    '/cfg/sub/subnets.json': '// from sub/\n{ "id": 1,\n  "subnet": "10.0.0.0/24",\n  "option-data": [ <?include "opts.json"?> ] }',
    '/cfg/sub/opts.json': '\n\n{ "name": "routers", "data": "10.0.0.1" }',
  };

  it('splices files lexically and resolves paths against the including file', () => {
    const cfg = ok(loadConfigFile('/cfg/main.json', { readText: memfs(files) }));
    expect(cfg.value).toEqual({
      Dhcp4: { subnet4: [{ id: 1, subnet: '10.0.0.0/24', 'option-data': [{ name: 'routers', data: '10.0.0.1' }] }] },
    });
  });

  it('keeps positions inside included files', () => {
    const cfg = ok(loadConfigFile('/cfg/main.json', { readText: memfs(files) }));
    expect(loc(cfg, '/Dhcp4/subnet4/0/subnet')).toBe('subnets.json:3:13');
    expect(loc(cfg, '/Dhcp4/subnet4/0/option-data/0/data')).toBe('opts.json:3:30');
    expect(loc(cfg, '/Dhcp4/subnet4')).toBe('main.json:2:14');
  });

  it('locates a missing member at its nearest existing ancestor, and unknown keys at the key', () => {
    const cfg = ok(loadConfigFile('/cfg/main.json', { readText: memfs(files) }));
    expect(loc(cfg, '/Dhcp4/subnet4/0/pools/0')).toBe('subnets.json:2:1');
    expect(loc(cfg, '/Dhcp4/subnet4/0/subnet', true)).toBe('subnets.json:3:3');
  });

  it('reports a missing include as unreadable, at the directive', () => {
    const out = loadConfigFile('/cfg/main.json', { readText: memfs({ '/cfg/main.json': '{\n  <?include "nope.json"?> }' }) });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.unreadable).toBe(true);
    expect(!out.ok && out.issues[0]).toMatchObject({ code: 'unreadable-file', line: 2, column: 3 });
  });

  it('stops at 10 levels of nesting', () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < 12; i++) chain[`/cfg/f${i}.json`] = i === 11 ? '1' : `<?include "f${i + 1}.json"?>`;
    const out = loadConfigFile('/cfg/f0.json', { readText: memfs(chain) });
    expect(!out.ok && out.issues[0]?.code).toBe('include-depth');
    chain['/cfg/f10.json'] = '1';
    expect(loadConfigFile('/cfg/f0.json', { readText: memfs(chain) }).ok).toBe(true);
  });

  it('reports an include cycle', () => {
    const out = loadConfigFile('/cfg/a.json', { readText: memfs({ '/cfg/a.json': '[<?include "b.json"?>]', '/cfg/b.json': '<?include "a.json"?>' }) });
    expect(!out.ok && out.issues[0]?.code).toBe('include-cycle');
  });

  it('rejects a malformed directive', () => {
    const out = loadConfigText('/cfg/a.json', '{ <?include nope?> }');
    expect(!out.ok && out.issues[0]?.message).toMatch(/malformed directive/);
  });
});

describe('YAML', () => {
  const yaml = ['Dhcp4:', '  valid-lifetime: 4000', '  subnet4:', '    - id: 1', '      subnet: 10.0.0.0/24', '      pools:', '        - pool: 10.0.0.10 - 10.0.0.20'].join('\n');

  it('loads the same structure with positions', () => {
    const cfg = ok(loadConfigText('/cfg/site.yaml', yaml));
    expect(cfg.format).toBe('yaml');
    expect(cfg.value).toEqual({
      Dhcp4: { 'valid-lifetime': 4000, subnet4: [{ id: 1, subnet: '10.0.0.0/24', pools: [{ pool: '10.0.0.10 - 10.0.0.20' }] }] },
    });
    expect(loc(cfg, '/Dhcp4/subnet4/0/pools/0/pool')).toBe('site.yaml:7:17');
    expect(loc(cfg, '/Dhcp4/subnet4/0/subnet', true)).toBe('site.yaml:5:7');
  });

  it('rejects duplicate keys with a position', () => {
    const out = loadConfigText('/cfg/site.yml', 'Dhcp4:\n  a: 1\n  a: 2\n');
    expect(!out.ok && out.issues[0]).toMatchObject({ code: 'duplicate-key', line: 3 });
  });

  it('resolves anchors and aliases, and rejects unknown tags', () => {
    const cfg = ok(loadConfigText('/cfg/a.yaml', 'x: &o {a: 1}\ny: *o\n'));
    expect(cfg.value).toEqual({ x: { a: 1 }, y: { a: 1 } });
    expect(loadConfigText('/cfg/a.yaml', 'x: !secret 1\n').ok).toBe(false);
  });

  it('reports malformed YAML', () => {
    const out = loadConfigText('/cfg/a.yaml', 'a: [1, 2\nb: 3\n');
    expect(!out.ok && out.issues[0]?.code).toBe('syntax-error');
  });
});

describe('secret files', () => {
  const files = {
    '/cfg/kea.json': JSON.stringify({
      DhcpDdns: { 'tsig-keys': [{ name: 'k', algorithm: 'HMAC-SHA256', 'secret-file': 'keys/k.b64' }] },
      Dhcp4: { 'control-sockets': [{ 'socket-type': 'http', authentication: { type: 'basic', directory: '/etc/auth', clients: [{ 'password-file': 'pw' }] } }] },
    }),
    '/cfg/keys/k.b64': 'c2VjcmV0LWtleS1ieXRlcw==\n',
    '/etc/auth/pw': 'hunter2',
  };

  it('reads secrets beside the value tree, never into it', () => {
    const cfg = ok(loadConfigFile('/cfg/kea.json', { readText: memfs(files), readSecret: memfs(files) }));
    expect(cfg.secrets.get('/DhcpDdns/tsig-keys/0/secret-file')).toBe('c2VjcmV0LWtleS1ieXRlcw==');
    expect(cfg.secrets.get('/Dhcp4/control-sockets/0/authentication/clients/0/password-file')).toBe('hunter2');
    expect(JSON.stringify(cfg)).not.toContain('hunter2');
    expect(JSON.stringify(cfg.value)).not.toContain('c2VjcmV0');
    expect(String(cfg.secrets)).toBe('[SecretStore: 2 redacted]');
  });

  it('skips unreadable secret files unless they are required', () => {
    const only = { '/cfg/kea.json': files['/cfg/kea.json'] };
    const lenient = ok(loadConfigFile('/cfg/kea.json', { readText: memfs(only), readSecret: memfs(only) }));
    expect(lenient.issues).toEqual([]);
    const strict = ok(loadConfigFile('/cfg/kea.json', { readText: memfs(only), readSecret: memfs(only), secrets: 'required' }));
    expect(strict.issues.map((i) => [i.code, i.path])).toEqual([
      ['unreadable-secret-file', '/DhcpDdns/tsig-keys/0/secret-file'],
      ['unreadable-secret-file', '/Dhcp4/control-sockets/0/authentication/clients/0/password-file'],
    ]);
  });
});

describe('secrets in messages', () => {
  it('are not echoed by schema errors about them', async () => {
    const { validateConfig } = await import('./validate.js');
    const out = loadConfigText('/cfg/kea.json', '{"DhcpDdns": {"tsig-keys": [{"name": "k.", "algorithm": "HMAC-SHA256", "secret": 123456789}]},\n "Dhcp4": {"lease-database": {"type": "memfile", "password": ["hunter2"]}}}');
    const issues = validateConfig(ok(out)).issues;
    expect(issues.map((i) => i.code)).toContain('type-mismatch');
    const text = JSON.stringify(issues);
    expect(text).not.toContain('123456789');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('[redacted]');
  });
});

describe('positions of members with integer-like keys', () => {
  it('locate each member where it is written, although Object.keys orders such keys first', () => {
    for (const [file, text] of [['/cfg/a.json', '{"Dhcp4": {\n"valid-lifetime": "x",\n"7": 1}}'], ['/cfg/a.yaml', 'Dhcp4:\n  valid-lifetime: x\n  "7": 1\n']] as const) {
      const cfg = ok(loadConfigText(file, text));
      expect(loc(cfg, '/Dhcp4/valid-lifetime')?.split(':')[1]).toBe('2');
      expect(loc(cfg, '/Dhcp4/7', true)?.split(':')[1]).toBe('3');
    }
  });
});

describe('syntax errors inside secrets', () => {
  it.each([
    ['{"secret" "c2VjcmV0LWtleQ=="}', /found a string/],
    ['{"password": TopSecret99}', /unexpected word/],
    ['{"password": +12345}', /may not start with '\+'; Kea/],
    ['{"password": 123456789012345678901}', /an integer is too large/],
    ['{"token": "ab\\qcd"}', /bad escape in a string/],
    ['{"a": {"password": ["x" "hunter2"]}}', /found a string/],
  ])('%s does not echo the secret', (text, message) => {
    const out = loadConfigText('/cfg/kea.json', text);
    expect(out.ok).toBe(false);
    const all = JSON.stringify(!out.ok && out.issues);
    expect(all).toMatch(message);
    for (const secret of ['c2VjcmV0', 'TopSecret99', '12345', 'ab', 'hunter2']) expect(all).not.toContain(secret);
  });

  it('still shows the offending text outside secrets', () => {
    const out = loadConfigText('/cfg/kea.json', '{"name" "value"}');
    expect(!out.ok && out.issues[0]?.message).toBe(`expected ':' after "name", found '"value"'`);
  });
});

describe('hostile input', () => {
  it('refuses JSON nested deeper than 200 levels, without a stack overflow', () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const out = loadConfigText('/cfg/a.json', deep);
    expect(!out.ok && out.issues[0]?.code).toBe('input-too-large');
    expect(loadConfigText('/cfg/a.json', `${'['.repeat(150)}${']'.repeat(150)}`).ok).toBe(true);
  });

  it('refuses a YAML alias bomb quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const start = performance.now();
    const out = loadConfigText('/cfg/a.yaml', lines.join('\n'));
    expect(!out.ok && out.issues[0]?.code).toBe('input-too-large');
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('reads an included file once, and stops when the splices grow too large', () => {
    const reads: string[] = [];
    const files: Record<string, string> = { '/cfg/leaf.json': `"${'x'.repeat(1 << 20)}"` };
    for (let level = 0; level < 6; level++) {
      files[`/cfg/l${level}.json`] = `[${Array(10).fill(`<?include "${level === 5 ? 'leaf' : `l${level + 1}`}.json"?>`).join(',')}]`;
    }
    const read: ReadText = (p) => { reads.push(p); return memfs(files)(p); };
    const start = performance.now();
    const out = loadConfigFile('/cfg/l0.json', { readText: read });
    expect(!out.ok && out.issues.at(-1)?.code).toBe('input-too-large');
    expect(new Set(reads).size).toBe(reads.length);
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it.each([
    ['x: !!binary aGVsbG8=', /!!binary values are not JSON/],
    ['x: !!timestamp 2001-12-14', /!!timestamp values are not JSON/],
    ['x: !!omap [a: 1, b: 2]', /!!omap is not a JSON value/],
    ['x: !!set {a, b}', /!!set is not a JSON value/],
    ['x: .inf', /values are not JSON/],
  ])('refuses YAML values that JSON cannot hold: %s', (text, message) => {
    const out = loadConfigText('/cfg/a.yaml', text);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.issues[0]?.message).toMatch(message);
  });
});
