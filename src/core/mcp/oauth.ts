// OAuth for HTTP MCP servers, on the SDK's client auth (auth() and OAuthClientProvider in
// @modelcontextprotocol/sdk/client/auth.js): on a 401 the transport runs discovery (RFC 9728
// protected-resource metadata, then the authorization server's metadata), dynamic client
// registration, and sends the user to the authorization page; the browser comes back to a loopback
// listener (oauthLoopback.ts) and completeSignIn() exchanges the code (PKCE). Later 401s refresh the
// token and retry once. What this file adds to the SDK:
// - storage through the host (OAuthStore: a 0600 file for the CLI, SecretStorage in VS Code);
// - the browser step through the host (open: VS Code's openExternal; the CLI prints the address);
// - refresh once at a time per server: concurrent calls that all got a 401 share one refresh (a
//   rotated refresh token used twice would fail and force a new sign-in). The SDK's auth() has no
//   lock, so the fetch it uses for token requests is this class's, which single-flights them.
import { randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CALLBACK_PATH, freeLoopbackPort, LoopbackCallback } from './oauthLoopback';
import type { OAuthRecord, OAuthStore } from './oauthStore';

export interface McpOAuthOptions {
  server: string;
  url: string;
  store: OAuthStore;
  /** Shows the authorization page to the user (VS Code opens the browser; the CLI prints it). */
  open?: (server: string, url: URL) => void | Promise<void>;
  /** A client id registered beforehand (the entry's oauth.clientId): no dynamic registration. */
  clientId?: string;
  /** The loopback port (the entry's oauth.callbackPort); default: one chosen once and kept. */
  callbackPort?: number;
  /** The fetch underneath (tests, proxies); default: the global fetch. */
  fetch?: FetchLike;
}

/** A completed refresh is reused by calls that asked with the same refresh token this long after. */
const REFRESH_REUSE_MS = 10_000;

interface RefreshAnswer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

export class McpOAuth implements OAuthClientProvider {
  private record: OAuthRecord = {};
  private port = 0;
  private expectedState?: string;
  private callback?: LoopbackCallback;
  /** The authorization page of the sign-in under way (the host shows it; the CLI prints it). */
  pendingUrl?: URL;
  private refreshing?: { sent: string; answer: Promise<RefreshAnswer> };
  private lastRefresh?: { sent: string; at: number; answer: RefreshAnswer };
  /** Token-endpoint requests that reached the server with a refresh_token grant (for the log). */
  refreshCount = 0;

  private constructor(private readonly opts: McpOAuthOptions) {}

  /** Loads the stored record and fixes the loopback port (the registered redirect URI keeps it). */
  static async create(opts: McpOAuthOptions): Promise<McpOAuth> {
    const p = new McpOAuth(opts);
    p.record = (await opts.store.read(p.key)) ?? {};
    // Kept with the client registration only (a server that never asks for sign-in leaves nothing behind).
    p.port = opts.callbackPort ?? p.record.port ?? (await freeLoopbackPort());
    return p;
  }

  private get key(): string {
    return this.opts.url;
  }

  private async save(patch: Partial<OAuthRecord>): Promise<void> {
    this.record = { ...this.record, ...patch };
    await this.opts.store.write(this.key, this.record);
  }

  get redirectUrl(): string {
    return `http://127.0.0.1:${this.port}${CALLBACK_PATH}`;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Tandem',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    this.expectedState = randomBytes(16).toString('base64url');
    return this.expectedState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.record.client ?? (this.opts.clientId ? { client_id: this.opts.clientId } : undefined);
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    await this.save({ client, port: this.port });
  }

  tokens(): OAuthTokens | undefined {
    return this.record.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.save({ tokens, tokensAt: Date.now() });
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    this.callback?.close('a new sign-in started');
    this.callback = await LoopbackCallback.listen(this.port, `the MCP server "${this.opts.server}"`);
    this.pendingUrl = url;
    await this.opts.open?.(this.opts.server, url);
  }

  async saveCodeVerifier(verifier: string): Promise<void> {
    await this.save({ verifier });
  }

  codeVerifier(): string {
    if (!this.record.verifier) throw new Error('no sign-in is under way (no PKCE verifier)');
    return this.record.verifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    const drop: Partial<Record<keyof OAuthRecord, undefined>> =
      scope === 'all'
        ? { client: undefined, tokens: undefined, tokensAt: undefined, verifier: undefined, discovery: undefined }
        : scope === 'client'
          ? { client: undefined }
          : scope === 'tokens'
            ? { tokens: undefined, tokensAt: undefined }
            : scope === 'verifier'
              ? { verifier: undefined }
              : { discovery: undefined };
    await this.save(drop);
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.record.discovery;
  }

  async saveDiscoveryState(discovery: OAuthDiscoveryState): Promise<void> {
    await this.save({ discovery });
  }

  /** Whether a sign-in is waiting for the browser to come back. */
  get signInPending(): boolean {
    return this.callback !== undefined;
  }

  /** Waits for the browser's redirect (at most timeoutMs), checks its state and exchanges the code for tokens. */
  async completeSignIn(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const callback = this.callback;
    if (!callback) throw new Error('no sign-in is under way');
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => callback.close('the sign-in was cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { code, state } = await Promise.race([
        callback.result,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`nobody signed in within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        }),
      ]);
      if (this.expectedState && state !== this.expectedState) throw new Error('the sign-in came back with a state this sign-in did not send (ignored)');
      const result = await auth(this, { serverUrl: this.opts.url, authorizationCode: code, fetchFn: this.fetch });
      if (result !== 'AUTHORIZED') throw new Error('the authorization server did not issue tokens');
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      callback.close();
      if (this.callback === callback) this.callback = undefined;
      this.pendingUrl = undefined;
      await this.save({ verifier: undefined }).catch(() => undefined);
    }
  }

  /** Stops waiting for a sign-in (the server is stopped or reloaded). */
  dispose(): void {
    this.callback?.close('the MCP server was stopped');
    this.callback = undefined;
  }

  /**
   * The fetch the transport (and so the SDK's auth()) uses. Token requests with a refresh_token
   * grant run once at a time: a second one while the first is under way, or one that asks with a
   * refresh token just used, gets the same answer instead of a request of its own.
   */
  readonly fetch: FetchLike = async (input, init) => {
    const base = this.opts.fetch ?? fetch;
    const body = init?.body;
    const sent = init?.method?.toUpperCase() === 'POST' && body instanceof URLSearchParams && body.get('grant_type') === 'refresh_token' ? body.get('refresh_token') : null;
    if (!sent) return base(input, init);
    const answer = (a: RefreshAnswer) => new Response(a.body, { status: a.status, statusText: a.statusText, headers: a.headers });
    if (this.refreshing?.sent === sent) return answer(await this.refreshing.answer);
    if (this.lastRefresh?.sent === sent && Date.now() - this.lastRefresh.at < REFRESH_REUSE_MS) return answer(this.lastRefresh.answer);
    const current = this.record.tokens;
    // Asked with a refresh token already replaced (rotated) by a refresh that finished: the current tokens stand.
    if (current?.access_token && current.refresh_token && current.refresh_token !== sent && this.lastRefresh?.sent === sent) {
      const expiresIn = current.expires_in !== undefined && this.record.tokensAt ? Math.max(0, current.expires_in - Math.floor((Date.now() - this.record.tokensAt) / 1000)) : undefined;
      return Response.json({ access_token: current.access_token, token_type: current.token_type, refresh_token: current.refresh_token, ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}), ...(current.scope ? { scope: current.scope } : {}) });
    }
    const pending = (async (): Promise<RefreshAnswer> => {
      this.refreshCount++;
      const r = await base(input, init);
      return { status: r.status, statusText: r.statusText, headers: [...r.headers.entries()], body: await r.text() };
    })();
    this.refreshing = { sent, answer: pending };
    try {
      const a = await pending;
      this.lastRefresh = { sent, at: Date.now(), answer: a };
      return answer(a);
    } finally {
      if (this.refreshing?.answer === pending) this.refreshing = undefined;
    }
  };
}
