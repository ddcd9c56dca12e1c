// runScriptModule: parameters, the scripts directory, the points each form registers, and what a
// synchronous script's exit code does to the packet.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GitdhcpError } from '../../errors.js';
import type { Callout, HookLibraryApi, HookPoint4 } from '../types.js';
import {
  DEFAULT_HOOK_SCRIPTS_PATH, nextStepOf, parseRunScriptParams, resolveScriptPath, runScriptModule, scriptsDirectory,
  type RunScriptForm,
} from './index.js';
import { fakeHandle, lease4, RELAY_META, recordingLog, relayedRequest, subnet4, tempDir, writeScript } from './test-helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function loadModule(form: RunScriptForm, parameters: Record<string, unknown>) {
  const log = recordingLog();
  const callouts = new Map<HookPoint4, Callout>();
  const api: HookLibraryApi = {
    library: form === 'kea' ? '/usr/lib/kea/hooks/libdhcp_run_script.so' : '/opt/kea-hook-runscript.so',
    parameters,
    register: (point, callout) => callouts.set(point, callout),
    registerCommand: () => { throw new Error('the run-script hook adds no command'); },
    log,
  };
  const mod = runScriptModule(form, { scriptsDir: tmp.dir, packetMeta: () => RELAY_META, now: () => 1_700_000_100_000 });
  mod.load(api);
  return { mod, log, callouts };
}

function loadError(form: RunScriptForm, parameters: Record<string, unknown>, scriptsDir = tmp.dir): GitdhcpError {
  const api = { library: 'libdhcp_run_script.so', parameters, register: vi.fn(), registerCommand: vi.fn(), log: recordingLog() };
  try {
    runScriptModule(form, { scriptsDir }).load(api);
  } catch (err) {
    expect(api.register).not.toHaveBeenCalled();
    return err as GitdhcpError;
  }
  throw new Error('load did not throw');
}

describe('scriptsDirectory (Kea 3: KEA_HOOK_SCRIPTS_PATH, else [prefix]/share/kea/scripts)', () => {
  it.each([
    [{}, DEFAULT_HOOK_SCRIPTS_PATH],
    [{ KEA_HOOK_SCRIPTS_PATH: '/etc/gitdhcp/scripts' }, '/etc/gitdhcp/scripts'],
    [{ KEA_HOOK_SCRIPTS_PATH: '/etc/gitdhcp/scripts//' }, '/etc/gitdhcp/scripts'],
    [{ KEA_HOOK_SCRIPTS_PATH: '' }, DEFAULT_HOOK_SCRIPTS_PATH],
  ])('%j → %s', (env, dir) => {
    expect(scriptsDirectory(env)).toBe(dir);
  });
  it('defaults to Kea\'s source-build directory', () => {
    expect(DEFAULT_HOOK_SCRIPTS_PATH).toBe('/usr/local/share/kea/scripts');
  });
});

describe('resolveScriptPath (Kea\'s PathChecker::validatePath)', () => {
  it.each([
    ['leases.sh', '/s/leases.sh'],
    ['/s/leases.sh', '/s/leases.sh'],
    ['  /s/leases.sh ', '/s/leases.sh'],
  ])('%j is /s/…', (name, expected) => {
    expect(resolveScriptPath(name, '/s')).toEqual({ ok: true, path: expected });
  });
  it.each([
    ['/etc/leases.sh', "script '/etc/leases.sh' is not in the scripts directory /s; put it there and write 'leases.sh', or set KEA_HOOK_SCRIPTS_PATH to its directory"],
    ['/s/sub/leases.sh', "script '/s/sub/leases.sh' is not in the scripts directory /s; put it there and write 'leases.sh', or set KEA_HOOK_SCRIPTS_PATH to its directory"],
    ['/s/../etc/x', "script '/s/../etc/x' is not in the scripts directory /s; put it there and write 'x', or set KEA_HOOK_SCRIPTS_PATH to its directory"],
    ['/leases.sh', "script '/leases.sh' is not in the scripts directory /s; put it there and write 'leases.sh', or set KEA_HOOK_SCRIPTS_PATH to its directory"],
    ['/s/', "script path '/s/' has no file name"],
    ['..', "script path '..' has no file name"],
  ])('refuses %j', (name, problem) => {
    expect(resolveScriptPath(name, '/s')).toEqual({ ok: false, problem });
  });
});

describe('parameters', () => {
  it('defaults: Kea never waits unless sync is true; kea-hook-runscript waits unless wait is false', () => {
    expect(parseRunScriptParams('kea', { name: 'a.sh' })).toEqual({ ok: true, params: { script: 'a.sh', isSync: false, maxConcurrent: 16, maxQueued: 64, timeoutMs: 60_000 } });
    expect(parseRunScriptParams('runscript', { script: 'a.sh' })).toEqual({ ok: true, params: { script: 'a.sh', isSync: true, maxConcurrent: 16, maxQueued: 64, timeoutMs: 2000 } });
    expect(parseRunScriptParams('kea', { name: 'a.sh', sync: true, 'timeout-ms': 500, 'max-concurrent': 2, 'max-queued': 0 }))
      .toEqual({ ok: true, params: { script: 'a.sh', isSync: true, maxConcurrent: 2, maxQueued: 0, timeoutMs: 500 } });
  });

  it('load refuses bad parameters with ERR_HOOK_LOAD and every problem', () => {
    const err = loadError('kea', { sync: 'yes', 'max-concurrent': 0, script: 'x.sh' });
    expect(err).toBeInstanceOf(GitdhcpError);
    expect(err.code).toBe('ERR_HOOK_LOAD');
    expect(err.message).toBe("hook library libdhcp_run_script.so: unknown parameter 'script' (accepted: name, sync, max-concurrent, max-queued, timeout-ms); "
      + "the 'name' parameter is mandatory: the script to run; the 'sync' parameter must be a boolean; "
      + "'max-concurrent' must be an integer from 1 to 1024, not 0");
    expect(loadError('runscript', { script: 7, wait: 1 }).message).toBe(
      "hook library libdhcp_run_script.so: the 'script' parameter must be a non-empty string; the 'wait' parameter must be a boolean");
  });
});

describe('the script must be in the scripts directory, present and executable', () => {
  it('outside the directory', () => {
    writeScript(tmp.dir, 'a.sh', 'exit 0');
    expect(loadError('kea', { name: '/usr/bin/true' }).message)
      .toBe(`hook library libdhcp_run_script.so: 'name': script '/usr/bin/true' is not in the scripts directory ${tmp.dir}; put it there and write 'true', or set KEA_HOOK_SCRIPTS_PATH to its directory`);
  });

  it('missing', () => {
    expect(loadError('runscript', { script: 'nope.sh' }).message)
      .toBe(`hook library libdhcp_run_script.so: 'script': script ${tmp.dir}/nope.sh does not exist`);
  });

  it('not executable', () => {
    writeScript(tmp.dir, 'plain.sh', 'exit 0', 0o644);
    expect(loadError('kea', { name: `${tmp.dir}/plain.sh` }).message)
      .toBe(`hook library libdhcp_run_script.so: 'name': script ${tmp.dir}/plain.sh is not executable (EACCES); chmod +x it`);
  });

  it('a directory', () => {
    mkdirSync(path.join(tmp.dir, 'd'));
    expect(loadError('kea', { name: 'd' }).message).toBe(`hook library libdhcp_run_script.so: 'name': script ${tmp.dir}/d is not a regular file`);
  });

  it('a scripts directory given with a trailing slash still matches', () => {
    writeScript(tmp.dir, 'a.sh', 'exit 0');
    const mod = runScriptModule('kea', { scriptsDir: `${tmp.dir}/` });
    expect(() => mod.load({ library: 'l', parameters: { name: `${tmp.dir}/a.sh` }, register: () => {}, registerCommand: () => {}, log: recordingLog() })).not.toThrow();
  });
});

describe('registered points', () => {
  it('kea: the six points of libdhcp_run_script.so; runscript: the nine of kea-hook-runscript', () => {
    writeScript(tmp.dir, 'a.sh', 'exit 0');
    expect([...loadModule('kea', { name: 'a.sh' }).callouts.keys()]).toEqual([
      'lease4_renew', 'lease4_expire', 'lease4_recover', 'leases4_committed', 'lease4_release', 'lease4_decline']);
    expect([...loadModule('runscript', { script: 'a.sh' }).callouts.keys()]).toEqual([
      'pkt4_receive', 'pkt4_send', 'subnet4_select', 'lease4_select', 'lease4_renew', 'lease4_release', 'lease4_decline',
      'lease4_expire', 'lease4_recover']);
  });
});

const RELEASE_ARGS = { query4: relayedRequest(), lease4: lease4('192.0.2.10') };

describe('asynchronous callouts', () => {
  it('return at once, run the script with the point and the form\'s variables', async () => {
    const out = path.join(tmp.dir, 'out');
    writeScript(tmp.dir, 'a.sh', `{ echo "$1"; echo "$QUERY4_IFACE_NAME $LEASE4_ADDRESS $QUERY4_RELAYED"; } > ${out}.tmp; mv ${out}.tmp ${out}`);
    const { mod, callouts } = loadModule('kea', { name: 'a.sh' });
    const handle = fakeHandle('lease4_release', RELEASE_ARGS);
    expect(callouts.get('lease4_release')?.(handle)).toBeUndefined();
    await vi.waitFor(() => expect(readFileSync(out, 'utf8')).toBe('lease4_release\neth1 192.0.2.10 true\n'), { timeout: 3000 });
    expect(handle.status).toBe('continue');
    expect(mod.stats).toMatchObject({ started: 1 });
  });

  it('kea form: nothing runs when an earlier callout chose SKIP or DROP (Kea\'s callouts return first)', () => {
    writeScript(tmp.dir, 'a.sh', 'exit 0');
    const { mod, callouts } = loadModule('kea', { name: 'a.sh' });
    callouts.get('lease4_release')?.(fakeHandle('lease4_release', RELEASE_ARGS, 'drop'));
    callouts.get('lease4_release')?.(fakeHandle('lease4_release', RELEASE_ARGS, 'skip'));
    expect(mod.stats?.started).toBe(0);
  });

  it('unload refuses new runs', () => {
    writeScript(tmp.dir, 'a.sh', 'exit 0');
    const { mod, callouts } = loadModule('kea', { name: 'a.sh' });
    void mod.unload?.();
    callouts.get('lease4_release')?.(fakeHandle('lease4_release', RELEASE_ARGS));
    expect(mod.stats).toMatchObject({ started: 0, dropped: 1 });
  });
});

describe('synchronous callouts: the exit code chooses the next step', () => {
  it.each([
    [0, 'continue'], [3, 'skip'], [4, 'drop'], [1, 'continue'], [127, 'continue'],
  ] as const)('exit %i → %s', (code, step) => {
    writeScript(tmp.dir, 'a.sh', `[ "$1" = lease4_select ] && [ "$KEA_FAKE_ALLOCATION" = 0 ] && exit ${code}; exit 99`);
    const { callouts, log } = loadModule('runscript', { script: 'a.sh' });
    const handle = fakeHandle('lease4_select', { query4: relayedRequest(), subnet4: subnet4(1, '192.0.2.0/24'), fake_allocation: false, lease4: lease4('192.0.2.10') });
    expect(callouts.get('lease4_select')?.(handle)).toBeUndefined(); // waited synchronously
    expect(handle.status).toBe(step);
    expect(log.events('RUN_SCRIPT_SYNC_FAILED')).toHaveLength(code === 1 || code === 127 ? 1 : 0);
  });

  it('CONTINUE never undoes an earlier callout\'s DROP (runscript form always runs)', () => {
    writeScript(tmp.dir, 'a.sh', 'exit 0');
    const { callouts, mod } = loadModule('runscript', { script: 'a.sh' });
    const handle = fakeHandle('pkt4_receive', { query4: relayedRequest() }, 'drop');
    callouts.get('pkt4_receive')?.(handle);
    expect([handle.status, mod.stats?.started]).toEqual(['drop', 1]);
  });

  it('a timeout drops the packet and says so', () => {
    writeScript(tmp.dir, 'a.sh', 'sleep 5');
    const { callouts, log } = loadModule('kea', { name: 'a.sh', sync: true, 'timeout-ms': 200 });
    const handle = fakeHandle('lease4_release', RELEASE_ARGS);
    const t0 = performance.now();
    callouts.get('lease4_release')?.(handle);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(handle.status).toBe('drop');
    expect(log.events('RUN_SCRIPT_TIMEOUT')).toHaveLength(1);
    expect(log.events('RUN_SCRIPT_SYNC_FAILED')[0]?.fields).toMatchObject({ point: 'lease4_release', outcome: 'timeout', step: 'drop' });
  });

  it('leases4_committed parks the packet (a promise) instead of blocking, then sets the step', async () => {
    writeScript(tmp.dir, 'a.sh', '[ "$LEASES4_SIZE" = 1 ] && [ "$LEASES4_AT0_ADDRESS" = 192.0.2.10 ] && exit 4; exit 0');
    const { callouts } = loadModule('kea', { name: 'a.sh', sync: true });
    const handle = fakeHandle('leases4_committed', { query4: relayedRequest(), leases4: [lease4('192.0.2.10')], deleted_leases4: [] });
    const parked = callouts.get('leases4_committed')?.(handle);
    expect(parked).toBeInstanceOf(Promise);
    expect(handle.status).toBe('continue');
    await parked;
    expect(handle.status).toBe('drop');
  });
});

describe('nextStepOf', () => {
  it('maps every outcome', () => {
    expect([
      nextStepOf({ kind: 'exit', code: 0, durationMs: 1 }), nextStepOf({ kind: 'exit', code: 3, durationMs: 1 }),
      nextStepOf({ kind: 'exit', code: 4, durationMs: 1 }), nextStepOf({ kind: 'exit', code: 2, durationMs: 1 }),
      nextStepOf({ kind: 'signal', signal: 'SIGTERM', durationMs: 1 }), nextStepOf({ kind: 'timeout', durationMs: 1 }),
      nextStepOf({ kind: 'error', error: new Error('x') }), nextStepOf({ kind: 'dropped' }),
    ].map((s) => `${s.step}${s.isFailure ? '!' : ''}`)).toEqual(['continue', 'skip', 'drop', 'continue!', 'continue!', 'drop!', 'drop!', 'drop!']);
  });
});
