// OAuth sign-in for an HTTP MCP server in the real workbench: a project .mcp.json names a server
// protected by OAuth (built from the SDK's own server auth pieces, test/cli/oauthMcpServer.ts). Once
// approved it answers 401; Tandem registers itself and offers "Sign in" in a notification; the user's
// click opens the authorization page in the browser (vscode.env.openExternal), which comes back to
// Tandem's loopback listener; the server connects and its tool is listed in the MCP view.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startOAuthMcpServer } from '../cli/oauthMcpServer';
import type { OAuthMcpServer } from '../cli/oauthMcpServer';
import { browserSuite, patient } from './workbench';

describe('MCP OAuth sign-in in the browser', function () {
  let oauth: OAuthMcpServer;
  // Registered before the suite's hooks, so the server is up when the workspace is prepared.
  before(async () => {
    oauth = await startOAuthMcpServer();
  });
  after(async () => {
    await oauth?.close();
  });
  const suite = browserSuite({
    key: 'sk-e2e-mcp-oauth',
    prepare: (wb) => writeFileSync(join(wb.workspace, '.mcp.json'), JSON.stringify({ mcpServers: { secure: { type: 'http', url: oauth.url } } })),
  });

  it('approve, then "Sign in" opens the authorization page; the browser comes back and the server connects', async () => {
    const page = suite.wb.page;
    const review = page.locator('.notification-toast', { hasText: 'This folder declares MCP servers' });
    await review.waitFor({ timeout: patient(60_000) });
    await review.getByRole('button', { name: 'Review' }).click();
    const row = page.locator('.monaco-list-row', { hasText: 'secure' }).first();
    await row.locator('text=waiting for approval').waitFor({ timeout: patient(30_000) });
    await row.hover();
    await row.locator('.action-label[aria-label="Approve and Start MCP Server"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: patient(15_000) });
    assert.match(await dialog.innerText(), new RegExp(oauth.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await dialog.getByRole('button', { name: 'Approve and start' }).click();

    // 401 → discovery → registration: the server waits for the user's sign-in.
    const signIn = page.locator('.notification-toast', { hasText: 'The MCP server "secure" needs you to sign in' });
    await signIn.waitFor({ timeout: patient(30_000) });
    await row.locator('text=needs sign-in').waitFor({ timeout: patient(15_000) });
    assert.equal(oauth.stats.registrations, 1);

    // The click opens the authorization page in a new tab (VS Code may first ask to open the external site).
    const opened = page.context().waitForEvent('page', { timeout: patient(30_000) });
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    const confirm = page.locator('.monaco-dialog-box', { hasText: 'open the external website' });
    await Promise.race([opened, confirm.waitFor({ timeout: patient(30_000) }).then(() => confirm.getByRole('button', { name: 'Open' }).click())]);
    const tab = await opened;
    await tab.waitForURL(/127\.0\.0\.1:\d+\/callback\?code=/, { timeout: patient(30_000) });
    await tab.getByText('Tandem is signed in to the MCP server "secure"').waitFor({ timeout: patient(15_000) });

    await row.locator('text=/connected · 1 tools, about [\\d,]+ tokens · project/').waitFor({ timeout: patient(30_000) });
    await row.locator('.monaco-tl-twistie').click();
    await page.locator('.monaco-list-row', { hasText: 'whoami' }).first().waitFor({ timeout: patient(15_000) });
    assert.equal(oauth.stats.registrations, 1, 'registered once');
  });
});
