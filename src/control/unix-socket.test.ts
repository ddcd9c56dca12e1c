// The UNIX control socket with real sockets: Kea's one-command-per-connection protocol, requests
// in pieces, bad requests answered with result 1, the socket file's mode, stale and live files.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
  registry.register('slow', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { result: 0, text: 'slow' };
  }, 'test');
  registry.register('big', () => ({ result: 0, arguments: { n: 1n } }), 'test');

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
    expect(await sendCommand(file, { command: 'list-commands' })).toMatchObject({ result: 0, arguments: ['big', 'echo', 'list-commands', 'slow'] });
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
    expect(await sendCommand(file, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('checks the envelope as HTTP does (Kea parseCommand), with the same texts', async () => {
    control = await startUnixControlSocket(file, registry);
    expect(JSON.parse(await raw(file, ['[1, 2]'])))
      .toEqual({ result: 1, text: 'Error during command processing: invalid command: expected toplevel entry to be a map, got list instead' });
    expect(JSON.parse(await raw(file, ['{"command": "echo", "colour": 1}'])))
      .toEqual({ result: 1, text: "Error during command processing: invalid command: unsupported parameter 'colour'" });
    expect(JSON.parse(await raw(file, ['{"command": "echo", "service": ["dhcp4"]}']))).toEqual({ result: 0, text: 'echo', arguments: {} });
  });

  it('answers a request that is not JSON at once, without waiting for the client to close its side (Kea JSONFeed)', async () => {
    control = await startUnixControlSocket(file, registry);
    expect(JSON.parse(await raw(file, ['hello\n'], false))).toEqual({ result: 1, text: 'invalid command: not JSON (invalid first character h)' });
    expect(JSON.parse(await raw(file, ['{"command": "echo",}'], false)))
      .toMatchObject({ result: 1, text: expect.stringMatching(/^invalid command: not JSON \(.+\)$/) });
    // What follows the command is not read (as Kea).
    expect(JSON.parse(await raw(file, ['{"command": "echo"} trailing'], false))).toMatchObject({ result: 0, text: 'echo' });
  });

  it('answers result 1 when a response cannot be encoded as JSON (a BigInt), and keeps serving', async () => {
    control = await startUnixControlSocket(file, registry);
    expect(await sendCommand(file, { command: 'big' })).toEqual({ result: 1, text: 'the response could not be encoded as JSON: Do not know how to serialize a BigInt' });
    expect(await sendCommand(file, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('on close, answers the command in flight, and removes its socket file at once', async () => {
    control = await startUnixControlSocket(file, registry);
    const slow = sendCommand(file, { command: 'slow' });
    await new Promise((r) => setTimeout(r, 100));
    const closed = control.close();
    control = undefined;
    expect(existsSync(file)).toBe(false);
    expect(await slow).toEqual({ result: 0, text: 'slow' });
    await closed;
  });

  it('leaves a regular file, a directory or a symbolic link at the socket path alone, and says so', async () => {
    writeFileSync(file, 'precious');
    await expect(startUnixControlSocket(file, registry)).rejects.toThrow(`control socket ${file}: the path is a regular file, not a socket; it is left as it is: move it away or choose another socket-name`);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    rmSync(file);
    mkdirSync(file);
    await expect(startUnixControlSocket(file, registry)).rejects.toThrow(/the path is a directory, not a socket/);
    rmSync(file, { recursive: true });
    const target = path.join(dir, 'target');
    writeFileSync(target, 'precious');
    symlinkSync(target, file);
    await expect(startUnixControlSocket(file, registry)).rejects.toThrow(/the path is a symbolic link, not a socket/);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('precious');
  });

  it('replaces a stale socket file but refuses one another process is listening on', async () => {
    // A process killed while listening leaves its socket file behind.
    spawnSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(file)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    expect(lstatSync(file).isSocket()).toBe(true);
    control = await startUnixControlSocket(file, registry);
    expect(await sendCommand(file, { command: 'echo' })).toMatchObject({ result: 0 });
    await expect(startUnixControlSocket(file, registry)).rejects.toThrow(/in use by another process/);
    expect(await sendCommand(file, { command: 'echo' })).toMatchObject({ result: 0 });
  });

  it('the client says when nothing listens', async () => {
    await expect(sendCommand(file, { command: 'echo' })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
