import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacket4 } from '../codec/index.js';
import { loadHookLibraries, type LoadHooksOptions } from './load.js';
import type { HookLog } from './types.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/hooks');
const quiet: HookLog = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

describe('loadHookLibraries', () => {
  let dir: string;
  let options: LoadHooksOptions;
  const unloaded: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-hooks-'));
    options = { baseDir: dir, builtins: { 'libdhcp_stat_cmds.so': () => null }, logOf: () => quiet, onFailure: () => {} };
    unloaded.length = 0;
    (globalThis as { __unloaded?: string[] }).__unloaded = unloaded;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const module = (name: string, body: string): string => {
    writeFileSync(path.join(dir, name), body);
    return name;
  };

  it('loads modules in order with their parameters; callouts run in that order', async () => {
    module('a.mjs', "export function load(api) { api.register('pkt4_receive', (h) => h.set('order', [...h.get('order'), api.parameters.tag])); }\nexport function unload() { globalThis.__unloaded.push('a'); }");
    module('b.mjs', "export default { load(api) { api.register('pkt4_receive', (h) => h.set('order', [...h.get('order'), api.parameters.tag])); }, unload() { globalThis.__unloaded.push('b'); } };");
    const hooks = await loadHookLibraries([
      { library: 'a.mjs', parameters: { tag: 'first' } },
      { library: '/usr/lib/kea/hooks/libdhcp_stat_cmds.so', parameters: {} },
      { library: path.join(dir, 'b.mjs'), parameters: { tag: 'second' } },
    ], options);
    const call = hooks.manager.call('pkt4_receive', { order: [] });
    expect(call.handle.get('order')).toEqual(['first', 'second']);
    await hooks.unload();
    expect(unloaded).toEqual(['b', 'a']);
  });

  it.each([
    ['a C++ library', { library: '/usr/lib/kea/hooks/libdhcp_ha.so', parameters: {} }, /cannot load C\+\+ hook libraries/],
    ['a missing module', { library: 'nope.mjs', parameters: {} }, /cannot import/],
    ['a module without load()', { library: 'x.mjs', parameters: {} }, /exports no load/],
    ['a load() that throws', { library: 'throws.mjs', parameters: {} }, /load\(\) failed: bad parameters/],
    ['an unknown hook point', { library: 'point.mjs', parameters: {} }, /unknown hook point 'pkt6_receive'/],
  ])('refuses %s with ERR_HOOK_LOAD and leaves nothing loaded', async (_what, entry, message) => {
    module('x.mjs', 'export const y = 1;');
    module('throws.mjs', "export function load() { throw new Error('bad parameters'); }");
    module('point.mjs', "export function load(api) { api.register('pkt6_receive', () => {}); }");
    module('ok.mjs', "export function load(api) { api.register('pkt4_receive', () => {}); }\nexport function unload() { globalThis.__unloaded.push('ok'); }");
    const attempt = loadHookLibraries([{ library: 'ok.mjs', parameters: {} }, entry], options);
    await expect(attempt).rejects.toMatchObject({ code: 'ERR_HOOK_LOAD', message: expect.stringMatching(message) });
    expect(unloaded).toEqual(['ok']);
  });

  it('the bundled example drop-mac-prefix drops the configured prefix only', async () => {
    const hooks = await loadHookLibraries([{ library: path.join(EXAMPLES, 'drop-mac-prefix.mjs'), parameters: { prefixes: ['02:00:5e'] } }], options);
    const statusFor = (mac: number[]): string => hooks.manager.call('pkt4_receive', { query4: createPacket4({ chaddr: Uint8Array.from([...mac, ...new Array<number>(10).fill(0)]) }) }).handle.status;
    expect(statusFor([2, 0, 0x5e, 1, 2, 3])).toBe('drop');
    expect(statusFor([2, 0, 0x5f, 1, 2, 3])).toBe('continue');
    await expect(loadHookLibraries([{ library: path.join(EXAMPLES, 'drop-mac-prefix.mjs'), parameters: {} }], options)).rejects.toMatchObject({ code: 'ERR_HOOK_LOAD' });
  });
});
