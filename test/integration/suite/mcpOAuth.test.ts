// OAuth for an HTTP MCP server in the real extension host, against a real OAuth-protected MCP server
// made of the SDK's own server auth pieces (test/cli/oauthMcpServer.ts). The approved project server
// answers 401; Tandem discovers, registers, and waits for the sign-in (the MCP view says where); the
// test plays the browser. The tokens go to VS Code's SecretStorage, not to ~/.tandem: after a reload
// of the configuration the server connects with them, with no new registration or sign-in.
import { strict as assert } from 'node:assert';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TandemApi } from '../../../src/extension/extension';
import type { ToolContext } from '../../../src/core/tools/types';
import { startOAuthMcpServer } from '../../cli/oauthMcpServer';
import type { OAuthMcpServer } from '../../cli/oauthMcpServer';
import { activateTandem, waitFor } from './util';

describe('MCP OAuth in the editor', function () {
  this.timeout(60_000);
  let api: TandemApi;
  let server: OAuthMcpServer;
  let folder: string;

  before(async () => {
    api = await activateTandem();
    server = await startOAuthMcpServer();
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(join(folder, '.mcp.json'), JSON.stringify({ mcpServers: { secure: { type: 'http', url: server.url } } }));
    await api.mcp.reload();
  });
  after(async () => {
    rmSync(join(folder, '.mcp.json'), { force: true });
    await api.mcp.reload();
    await server.close();
  });

  it('signs in through the browser, keeps the tokens in SecretStorage, and reconnects with them', async () => {
    const state = () => api.mcp.manager!.server('secure')!;
    // Not awaited: the start it triggers waits for the sign-in.
    const started = api.mcp.manager!.answer('secure', 'approved');
    const page = await waitFor('the sign-in request', () => state().status === 'needs-auth' && /open (\S+\/authorize\S+) to sign in/.exec(state().error ?? '')?.[1], 30_000);
    assert.equal(server.stats.registrations, 1, 'registered itself with the authorization server');

    // The browser: the authorization page redirects to Tandem's loopback callback.
    const authorize = await fetch(page, { redirect: 'manual' });
    assert.equal(authorize.status, 302);
    const landed = await fetch(authorize.headers.get('location')!);
    assert.match(await landed.text(), /signed in to the MCP server "secure"/);
    await started;
    assert.equal(state().status, 'connected', state().error);
    const tool = api.mcp.manager!.tools().find((t) => t.name === 'mcp__secure__whoami');
    assert.ok(tool, 'its tool is offered');
    const r = await tool.execute({ n: 7 }, { signal: new AbortController().signal } as unknown as ToolContext);
    assert.match(String(r.content), /^call 7 by client \S+/);
    assert.equal(existsSync(join(homedir(), '.tandem', 'mcp-oauth.json')), false, 'no token file: VS Code keeps them in SecretStorage');

    // A reload starts the server again: the stored tokens are used, nothing is asked.
    const refusedBefore = server.stats.unauthorized;
    await api.mcp.reload();
    await waitFor('the server to connect again', () => api.mcp.manager?.server('secure')?.status === 'connected', 30_000);
    assert.equal(server.stats.registrations, 1, 'no new registration');
    assert.equal(server.stats.unauthorized, refusedBefore, 'no 401: the stored access token was sent');
  });
});
