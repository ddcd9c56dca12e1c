import { describe, expect, it } from 'vitest';
import { CommandRegistry, CommandResult } from './commands.js';

describe('CommandRegistry (Kea command envelope)', () => {
  it('lists its commands, runs handlers (sync or async), and answers unknown ones with result 2 as Kea', async () => {
    const r = new CommandRegistry();
    r.register('echo', (args) => ({ result: CommandResult.Success, arguments: args }), 'test');
    r.register('slow', async () => ({ result: CommandResult.Empty, text: 'nothing' }), 'test');
    expect(await r.dispatch({ command: 'list-commands' })).toEqual({ result: 0, arguments: ['echo', 'list-commands', 'slow'] });
    expect(await r.dispatch({ command: 'echo', arguments: { a: 1 } })).toEqual({ result: 0, arguments: { a: 1 } });
    expect(await r.dispatch({ command: 'slow' })).toEqual({ result: 3, text: 'nothing' });
    expect(await r.dispatch({ command: 'nope' })).toEqual({ result: 2, text: "'nope' command not supported." });
  });

  it.each([
    ['not a map', 'x'],
    ['no command', { arguments: {} }],
    ['arguments that are not a map', { command: 'echo', arguments: [1] }],
  ])('answers a malformed request (%s) with result 1 and a reason, never throwing', async (_what, req) => {
    const r = new CommandRegistry();
    r.register('echo', () => ({ result: 0 }), 'test');
    const res = await r.dispatch(req);
    expect(res.result).toBe(1);
    expect(res.text).toMatch(/invalid command/);
  });

  it("checks Kea's envelope (parseCommand) for every transport: extra keys refused, service and remote-address ignored", async () => {
    const r = new CommandRegistry();
    r.register('echo', (args) => ({ result: 0, arguments: args }), 'test');
    const invalid = (why: string) => ({ result: 1, text: `Error during command processing: invalid command: ${why}` });
    expect(await r.dispatch({ command: 'echo', colour: 1 })).toEqual(invalid("unsupported parameter 'colour'"));
    expect(await r.dispatch(null)).toEqual(invalid('expected toplevel entry to be a map, got null instead'));
    expect(await r.dispatch({ arguments: {} })).toEqual(invalid("does not contain mandatory 'command'"));
    expect(await r.dispatch({ command: 5 })).toEqual(invalid("expected 'command' to be a string, got integer instead"));
    expect(await r.dispatch({ command: 'echo', service: ['dhcp4'], 'remote-address': '192.0.2.1', arguments: { a: 1 } })).toEqual({ result: 0, arguments: { a: 1 } });
  });

  it('a command_processed callout that throws gives result 1, never an exception', async () => {
    const r = new CommandRegistry();
    r.onProcessed = () => { throw new Error('hook bug'); };
    expect(await r.dispatch({ command: 'list-commands' })).toEqual({ result: 1, text: 'list-commands: command_processed failed: hook bug' });
  });

  it('a handler that throws gives result 1 with its message', async () => {
    const r = new CommandRegistry();
    r.register('boom', () => { throw new Error('disk on fire'); }, 'test');
    expect(await r.dispatch({ command: 'boom' })).toEqual({ result: 1, text: 'boom failed: disk on fire' });
  });

  it('refuses a taken or un-Kea-like name; removing a source frees its names', () => {
    const r = new CommandRegistry();
    r.register('my-cmd', () => ({ result: 0 }), 'lib-a');
    expect(() => r.register('my-cmd', () => ({ result: 0 }), 'lib-b')).toThrow(/already provided by lib-a/);
    expect(() => r.register('list-commands', () => ({ result: 0 }), 'lib-b')).toThrow(/already provided/);
    expect(() => r.register('My Cmd', () => ({ result: 0 }), 'lib-b')).toThrow(/lowercase/);
    r.removeSource('lib-a');
    expect(() => r.register('my-cmd', () => ({ result: 0 }), 'lib-b')).not.toThrow();
  });

  it('command_processed sees every command and may replace the response', async () => {
    const r = new CommandRegistry();
    const seen: string[] = [];
    r.onProcessed = (name, _args, response) => {
      seen.push(`${name}:${response.result}`);
      return name === 'list-commands' ? { ...response, text: 'filtered' } : response;
    };
    expect((await r.dispatch({ command: 'list-commands' })).text).toBe('filtered');
    await r.dispatch({ command: 'nope' });
    expect(seen).toEqual(['list-commands:0', 'nope:2']);
  });
});
