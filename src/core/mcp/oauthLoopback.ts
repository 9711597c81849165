// The OAuth redirect's landing place: a one-shot HTTP listener on 127.0.0.1 (RFC 8252 loopback
// redirect). The browser comes back to http://127.0.0.1:<port>/callback?code=…&state=…; the first
// such request settles it, and the listener closes.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';

export const CALLBACK_PATH = '/callback';

export async function freeLoopbackPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(0, '127.0.0.1', resolve);
  });
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><p style="font-family:sans-serif">${text.replace(/[<>&]/g, '')}</p>`;

export class LoopbackCallback {
  /** The authorization code and state the browser brought back. */
  readonly result: Promise<{ code: string; state?: string }>;
  private settle!: { resolve: (r: { code: string; state?: string }) => void; reject: (e: Error) => void };

  private constructor(private readonly server: Server, what: string) {
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // Nobody may be waiting yet (the host shows the address first): no unhandled rejection.
    this.result.catch(() => undefined);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
        res.writeHead(404).end();
        return;
      }
      const code = url.searchParams.get('code');
      const error = url.searchParams.get('error');
      res.writeHead(code ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      if (code) {
        res.end(page('Signed in', `Tandem is signed in to ${what}. You can close this tab.`));
        this.settle.resolve({ code, state: url.searchParams.get('state') ?? undefined });
      } else {
        const why = [error, url.searchParams.get('error_description')].filter(Boolean).join(': ') || 'no authorization code came back';
        res.end(page('Sign-in failed', `Signing in to ${what} failed: ${why}`));
        this.settle.reject(new Error(`the sign-in was not completed (${why})`));
      }
      res.on('finish', () => this.close());
    });
  }

  static async listen(port: number, what: string): Promise<LoopbackCallback> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(new Error(err.code === 'EADDRINUSE' ? `the sign-in's loopback port ${port} is in use (set "oauth": {"callbackPort": …} on the server's entry)` : err.message)),
      );
      server.listen(port, '127.0.0.1', resolve);
    });
    return new LoopbackCallback(server, what);
  }

  close(reason?: string): void {
    if (reason) this.settle.reject(new Error(reason));
    this.server.close();
    this.server.closeIdleConnections();
  }
}
