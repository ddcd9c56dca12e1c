/**
 * The git webhook: `POST /hooks/git` makes the reconciler fetch at once instead of at its next
 * interval. The request must carry the shared secret the way the forges send it: GitHub's
 * `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>` (also Gitea and Forgejo) or GitLab's
 * `X-Gitlab-Token: <secret>`. Anything else gets 401 and triggers nothing; bodies are capped.
 * The body itself is not trusted for anything: the reconciler fetches and reads git.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const MAX_BODY = 1 << 20;

/** True when the headers prove knowledge of `secret` for `body`. */
export function verifyWebhook(headers: http.IncomingHttpHeaders, body: Buffer, secret: string): boolean {
  const same = (a: string, b: string): boolean => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const sig = headers['x-hub-signature-256'];
  if (typeof sig === 'string') return same(sig, `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const token = headers['x-gitlab-token'];
  if (typeof token === 'string') return same(token, secret);
  return false;
}

export interface WebhookServer {
  /** The port it listens on (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` and calls `onPush` for each authenticated `POST /hooks/git`.
 * @example const hook = await startWebhook('127.0.0.1', 8080, secret, () => reconciler.reconcile());
 */
export function startWebhook(host: string, port: number, secret: string, onPush: () => void): Promise<WebhookServer> {
  const server = http.createServer((req, res) => {
    const reply = (code: number, text: string): void => {
      res.writeHead(code, { 'content-type': 'application/json' }).end(`${JSON.stringify({ result: code === 202 ? 0 : 1, text })}\n`);
    };
    if (req.url?.split('?')[0] !== '/hooks/git') return reply(404, 'not found: POST /hooks/git');
    if (req.method !== 'POST') return reply(405, 'use POST');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reply(413, 'body too large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      if (!verifyWebhook(req.headers, Buffer.concat(chunks), secret)) return reply(401, 'bad or missing signature');
      onPush();
      reply(202, 'fetch triggered');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : port,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
