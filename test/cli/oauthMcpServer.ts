// A real OAuth-protected MCP server for the tests, built from the SDK's own server pieces: the
// authorization server routes (mcpAuthRouter: metadata, dynamic client registration, authorize,
// token), the bearer-token check (requireBearerAuth) in front of a streamable HTTP McpServer, and an
// in-memory OAuthServerProvider that approves every authorization at once (the user's "Allow") and
// rotates refresh tokens. It counts what the tests assert: registrations, 401s, refresh grants.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { getOAuthProtectedResourceMetadataUrl, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { freePort } from './mcpServers';

export interface OAuthMcpServer {
  url: string;
  stats: { registrations: number; unauthorized: number; refreshGrants: number; toolCalls: number };
  /** After the next tools/list, every token issued so far is expired (401 invalid_token). */
  expireAfterToolsList(): void;
  /** Refresh grants wait until this many 401s were answered since the tokens expired (to make calls overlap). */
  holdRefreshUntilUnauthorized(n: number): void;
  close(): Promise<void>;
}

class Provider implements OAuthServerProvider {
  readonly clients = new Map<string, OAuthClientInformationFull>();
  readonly clientsStore: OAuthRegisteredClientsStore = {
    getClient: (id) => this.clients.get(id),
    registerClient: (client) => {
      this.stats.registrations++;
      const full = client as OAuthClientInformationFull;
      this.clients.set(full.client_id, full);
      return full;
    },
  };
  private readonly codes = new Map<string, { client: string; params: AuthorizationParams }>();
  private readonly access = new Map<string, { client: string; expired: boolean }>();
  private readonly refresh = new Map<string, string>();
  refreshGate?: Promise<void>;

  constructor(private readonly stats: OAuthMcpServer['stats']) {}

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: express.Response): Promise<void> {
    if (!client.redirect_uris.includes(params.redirectUri)) throw new Error('unregistered redirect_uri');
    const code = randomUUID();
    this.codes.set(code, { client: client.client_id, params });
    const target = new URL(params.redirectUri);
    target.searchParams.set('code', code);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    res.redirect(target.href);
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const c = this.codes.get(code);
    if (!c) throw new InvalidGrantError('unknown code');
    return c.params.codeChallenge;
  }

  private issue(client: string): OAuthTokens {
    const access_token = randomUUID();
    const refresh_token = randomUUID();
    this.access.set(access_token, { client, expired: false });
    this.refresh.set(refresh_token, client);
    return { access_token, token_type: 'bearer', expires_in: 3600, refresh_token };
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<OAuthTokens> {
    const c = this.codes.get(code);
    if (!c || c.client !== client.client_id) throw new InvalidGrantError('unknown code');
    this.codes.delete(code);
    return this.issue(client.client_id);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string): Promise<OAuthTokens> {
    this.stats.refreshGrants++;
    await this.refreshGate;
    // Rotation: a refresh token works once.
    if (this.refresh.get(refreshToken) !== client.client_id) throw new InvalidGrantError('refresh token already used or unknown');
    this.refresh.delete(refreshToken);
    return this.issue(client.client_id);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const t = this.access.get(token);
    if (!t) throw new InvalidTokenError('unknown token');
    if (t.expired) throw new InvalidTokenError('Token has expired');
    return { token, clientId: t.client, scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
  }

  expireAll(): void {
    for (const t of this.access.values()) t.expired = true;
  }
}

function mcpServer(stats: OAuthMcpServer['stats'], auth: AuthInfo | undefined): McpServer {
  const server = new McpServer({ name: 'secure', version: '1.0.0' });
  server.registerTool(
    'whoami',
    { description: 'Says which OAuth client called', inputSchema: { n: z.number() }, annotations: { readOnlyHint: true } },
    async ({ n }) => {
      stats.toolCalls++;
      return { content: [{ type: 'text', text: `call ${n} by client ${auth?.clientId ?? 'nobody'}` }] };
    },
  );
  return server;
}

export async function startOAuthMcpServer(): Promise<OAuthMcpServer> {
  const port = await freePort();
  const base = new URL(`http://127.0.0.1:${port}`);
  const mcpUrl = new URL('/mcp', base);
  const stats = { registrations: 0, unauthorized: 0, refreshGrants: 0, toolCalls: 0 };
  const provider = new Provider(stats);
  let expireNext = false;
  let holdFor = 0;
  let sinceExpiry = 0;
  let release: (() => void) | undefined;

  const app = express();
  app.use(mcpAuthRouter({ provider, issuerUrl: base, resourceServerUrl: mcpUrl }));
  const bearer = requireBearerAuth({ verifier: provider, resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl) });
  app.all(
    '/mcp',
    (_req, res, next) => {
      res.on('finish', () => {
        if (res.statusCode !== 401) return;
        stats.unauthorized++;
        sinceExpiry++;
        if (release && sinceExpiry >= holdFor) release();
      });
      next();
    },
    bearer,
    express.json(),
    async (req, res) => {
      const server = mcpServer(stats, (req as { auth?: AuthInfo }).auth);
      // Stateless: a server and transport per request.
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => void transport.close().then(() => server.close()));
      if (expireNext && (req.body as { method?: string })?.method === 'tools/list') {
        expireNext = false;
        res.on('finish', () => {
          provider.expireAll();
          sinceExpiry = 0;
          if (holdFor) provider.refreshGate = new Promise<void>((r) => (release = r));
        });
      }
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    },
  );
  const http: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    url: mcpUrl.href,
    stats,
    expireAfterToolsList: () => (expireNext = true),
    holdRefreshUntilUnauthorized: (n) => (holdFor = n),
    close: () =>
      new Promise<void>((r) => {
        release?.();
        http.closeAllConnections();
        http.close(() => r());
      }),
  };
}
