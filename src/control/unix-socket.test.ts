// The UNIX control socket with real sockets: Kea's one-command-per-connection protocol, requests
// in pieces, bad requests answered with result 1, the socket file's mode, stale and live files.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandRegistry } from './commands.js';
import { sendCommand, startUnixControlSocket, type UnixControlSocket } from './unix-socket.js';

/** Sends raw pieces (ending the write side after them) and reads the whole answer. */
function raw(file: string, pieces: readonly string[], end = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(file);
    let text = '';
    c.on('data', (d: Buffer) => (text += d.toString()));
    c.on('end', () => resolve(text));
    c.on('error', reject);
    c.on('connect', async () => {
      for (const p of pieces) {
        c.write(p);
        await new Promise((r) => setTimeout(r, 20));
      }
      if (end) c.end();
    });
  });
}

describe('UNIX control socket', () => {
  let dir: string;
  let file: string;
  let control: UnixControlSocket | undefined;
  const registry = new CommandRegistry();
  registry.register('echo', (args) => ({ result: 0, text: 'echo', arguments: args }), 'test');

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gitdhcp-ctl-'));
    file = path.join(dir, 'control.sock');
  });
  afterEach(async () => {
    await control?.close();
    control = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers one command per connection in Kea\'s envelope, and is readable by its owner only', async () => {
    control = await startUnixControlSocket(file, registry);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await sendCommand(file, { command: 'echo', arguments: { a: 1 } })).toEqual({ result: 0, text: 'echo', arguments: { a: 1 } });
    expect(await sendCommand(file, { command: 'list-commands' })).toMatchObject({ result: 0, arguments: ['echo', 'list-commands'] });
    expect(await sendCommand(file, { command: 'nope' })).toEqual({ result: 2, text: "'nope' command not supported." });
  });

  it('takes a command that arrives in pieces without the client closing its side (socat style)', async () => {
    control = await startUnixControlSocket(file, registry);
    const answer = await raw(file, ['{"command": "ec', 'ho", "arguments": {"x": "}"}', '}'], false);
    expect(JSON.parse(answer)).toEqual({ result: 0, text: 'echo', arguments: { x: '}' } });
  });

  it('answers malformed, empty and oversized requests with result 1 and a reason, and keeps serving', async () => {
    control = await startUnixControlSocket(file, registry, 1000);
    expect(JSON.parse(await raw(file, ['{"command": "echo", '])))
      .toMatchObject({ result: 1, text: expect.stringMatching(/^invalid command: not JSON/) });
    expect(JSON.parse(await raw(file, []))).toEqual({ result: 1, text: 'invalid command: empty request' });
    expect(JSON.parse(await raw(file, [`{"command": "echo", "arguments": {"pad": "${'x'.repeat(2000)}"}}`])))
      .toEqual({ result: 1, text: 'invalid command: larger than 1000 bytes' });
    expect(JSON.parse(await raw(file, ['[1, 2]']))).toMatchObject({ result: 1, text: expect.stringMatching(/a map with a 'command' string/) });
    expect(await sendCommand(file, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('replaces a stale socket file but refuses one another process is listening on', async () => {
    writeFileSync(file, '');
    control = await startUnixControlSocket(file, registry);
    expect(await sendCommand(file, { command: 'echo' })).toMatchObject({ result: 0 });
    await expect(startUnixControlSocket(file, registry)).rejects.toThrow(/in use by another process/);
    expect(await sendCommand(file, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('the client says when nothing listens', async () => {
    await expect(sendCommand(file, { command: 'echo' })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
