import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhook, verifyWebhook, type WebhookServer } from './webhook.js';

const SECRET = 's3cret';
const sign = (body: string): string => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('verifyWebhook', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  it.each([
    ['a GitHub signature', { 'x-hub-signature-256': sign(body.toString()) }, true],
    ['a GitHub signature of another body', { 'x-hub-signature-256': sign('{}') }, false],
    ['a GitLab token', { 'x-gitlab-token': SECRET }, true],
    ['a wrong GitLab token', { 'x-gitlab-token': 'guess' }, false],
    ['nothing', {}, false],
  ])('%s → %s', (_what, headers, expected) => {
    expect(verifyWebhook(headers, body, SECRET)).toBe(expected);
  });
});

describe('startWebhook', () => {
  let hook: WebhookServer | undefined;
  afterEach(async () => {
    await hook?.close();
    hook = undefined;
  });

  it('triggers on an authenticated POST /hooks/git only', async () => {
    let pushes = 0;
    hook = await startWebhook('127.0.0.1', 0, SECRET, () => pushes++);
    const url = `http://127.0.0.1:${hook.port}`;
    const body = '{"after":"abc"}';
    const post = (headers: Record<string, string>, p = '/hooks/git', b = body): Promise<number> =>
      fetch(`${url}${p}`, { method: 'POST', headers, body: b }).then((r) => r.status);
    expect(await post({})).toBe(401);
    expect(await post({ 'x-hub-signature-256': sign('other') })).toBe(401);
    expect(await post({ 'x-hub-signature-256': sign(body) }, '/elsewhere')).toBe(404);
    expect(await fetch(`${url}/hooks/git`).then((r) => r.status)).toBe(405);
    expect(pushes).toBe(0);
    expect(await post({ 'x-hub-signature-256': sign(body) })).toBe(202);
    expect(await post({ 'x-gitlab-token': SECRET })).toBe(202);
    expect(pushes).toBe(2);
    expect(await post({ 'x-gitlab-token': SECRET }, '/hooks/git', 'x'.repeat(2 << 20)).catch(() => 413)).toBe(413);
  });
});
