// Starting an MCP server that may need OAuth sign-in. A first connection answered 401 has already
// run the SDK's discovery and registration and sent the user to the authorization page (McpOAuth);
// this waits for the browser to come back, exchanges the code, and connects again, once.
import type { McpServerConfig } from './config';
import type { McpConnection } from './connection';
import type { McpOAuth } from './oauth';
import type { OAuthStore } from './oauthStore';

export type StartOutcome = { ok: true } | { ok: false; needsAuth: boolean; why: string };

export function isUnauthorized(err: unknown): boolean {
  return (err as Error)?.name === 'UnauthorizedError' || /unauthorized|\b401\b/i.test((err as Error)?.message ?? '');
}

/** The OAuth client of an HTTP server (loads the SDK's auth; called on a server's start only). */
export async function createOAuth(server: string, config: McpServerConfig, store: () => OAuthStore, open?: (server: string, url: URL) => void | Promise<void>): Promise<McpOAuth | undefined> {
  if (config.type === 'stdio') return undefined;
  const { McpOAuth } = require('./oauth') as typeof import('./oauth');
  return McpOAuth.create({ server, url: config.url, store: store(), open, clientId: config.oauth?.clientId, callbackPort: config.oauth?.callbackPort });
}

export async function startWithSignIn(
  conn: McpConnection,
  oauth: McpOAuth | undefined,
  opts: { startupMs: number; signInMs: number; closed: () => boolean; waiting: (why: string) => void; retrying: () => void },
): Promise<StartOutcome> {
  try {
    await conn.start(opts.startupMs);
    return { ok: true };
  } catch (err) {
    if (!isUnauthorized(err)) return { ok: false, needsAuth: false, why: `could not start: ${(err as Error).message}` };
    if (!oauth?.signInPending || !oauth.pendingUrl) return { ok: false, needsAuth: true, why: (err as Error).message };
  }
  opts.waiting(`open ${oauth.pendingUrl.href} to sign in (waiting for the browser to come back to ${oauth.redirectUrl})`);
  try {
    await oauth.completeSignIn(opts.signInMs);
  } catch (e) {
    return { ok: false, needsAuth: true, why: (e as Error).message };
  }
  if (opts.closed()) return { ok: true };
  opts.retrying();
  try {
    await conn.start(opts.startupMs);
    return { ok: true };
  } catch (e) {
    return isUnauthorized(e)
      ? { ok: false, needsAuth: true, why: `still refused after signing in: ${(e as Error).message}` }
      : { ok: false, needsAuth: false, why: `could not start after signing in: ${(e as Error).message}` };
  }
}
