// OAuth for HTTP MCP servers through the built CLI, against a real OAuth-protected MCP server made of
// the SDK's own server auth pieces (oauthMcpServer.ts). The first connection gets a 401; the CLI
// discovers the authorization server, registers itself, prints the authorization page and listens on
// a loopback port; the test plays the browser (an HTTP GET on that page, following its redirect to
// the loopback callback); the tokens land in ~/.tandem/mcp-oauth.json readable only by the user, and
// the model's call succeeds. A second run starts with the stored tokens; when they expire, two
// concurrent calls that both get a 401 share one refresh (the server rotates refresh tokens, so a
// second refresh would be refused).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';
import { cleanEnv } from '../harness/process';
import { CLI, ensureCliBuilt } from './harness';
import { startOAuthMcpServer } from './oauthMcpServer';
import type { OAuthMcpServer } from './oauthMcpServer';

const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });
const call = (...ns: number[]): ScriptedReply => ({ content: ns.map((n) => ({ type: 'tool_use' as const, name: 'mcp__secure__whoami', input: { n } })) });
const toolResults = (req: RecordedRequest): string[] =>
  req.body.messages[req.body.messages.length - 1].content
    .filter((b: { type: string }) => b.type === 'tool_result')
    .map((b: { content: string | { text?: string }[] }) => (typeof b.content === 'string' ? b.content : b.content.map((c) => c.text ?? '').join('')));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('MCP OAuth in tandem -p (real OAuth-protected server, fake model)', function () {
  this.timeout(120_000);
  let llm: FakeLlm;
  let server: OAuthMcpServer;
  let ws: string;
  let home: string;

  /** Runs the CLI; onStderr sees stderr as it comes (the authorization page is printed while it runs). */
  const cli = (args: string[], onStderr?: (all: string) => void): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: ws,
        env: cleanEnv({ HOME: home, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        onStderr?.(stderr);
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  const config = () => JSON.stringify({ mcpServers: { secure: { type: 'http', url: server.url } } });

  before(async function () {
    this.timeout(180_000);
    ensureCliBuilt();
    llm = await startFakeLlm();
    server = await startOAuthMcpServer();
    ws = mkdtempSync(join(tmpdir(), 'tandem-oauth-ws-'));
    home = mkdtempSync(join(tmpdir(), 'tandem-oauth-home-'));
  });
  after(async () => {
    await llm?.close();
    await server?.close();
    for (const d of [ws, home]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('401 → discovery → registration → sign-in in the browser → tokens stored 0600 → the call succeeds', async () => {
    llm.load({ replies: [call(1), say('done')] });
    let browsed: Promise<string> | undefined;
    const r = await cli(['-p', 'who am I?', '--mcp-config', config(), '--allowedTools', 'mcp__secure'], (err) => {
      const page = /open (http:\/\/127\.0\.0\.1:\d+\/authorize\S+) to sign in/.exec(err)?.[1];
      if (page && !browsed) {
        // The browser: the authorization page answers with a redirect to the loopback callback.
        browsed = (async () => {
          const authorize = await fetch(page, { redirect: 'manual' });
          assert.equal(authorize.status, 302, await authorize.text());
          const callback = authorize.headers.get('location')!;
          assert.match(callback, /^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
          const landed = await fetch(callback);
          assert.equal(landed.status, 200);
          return landed.text();
        })();
      }
    });
    assert.ok(browsed, `no authorization page was printed (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
    assert.match(await browsed, /signed in to the MCP server "secure"/);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'done\n');
    assert.equal(server.stats.registrations, 1, 'dynamic client registration once');
    assert.ok(server.stats.unauthorized >= 1, 'the first connection was refused');
    assert.ok((llm.requests[0].body.tools ?? []).some((t: { name: string }) => t.name === 'mcp__secure__whoami'));
    assert.match(toolResults(llm.requests[1])[0], /^call 1 by client \S+/);

    const file = join(home, '.tandem', 'mcp-oauth.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8'))[server.url];
    assert.ok(stored.tokens.access_token && stored.tokens.refresh_token, 'tokens stored');
    assert.ok(stored.client.client_id, 'the registered client stored');
    assert.equal(stored.verifier, undefined, 'the PKCE verifier is not kept after the sign-in');
  });

  it('tandem mcp login <name>: prints the page, waits for the browser, keeps the tokens; a stdio server has nothing to sign in to', async () => {
    const other = mkdtempSync(join(tmpdir(), 'tandem-oauth-login-'));
    try {
      mkdirSync(join(other, '.tandem'));
      writeFileSync(join(other, '.tandem', 'mcp.json'), JSON.stringify({ mcpServers: { mine: { type: 'http', url: server.url }, local: { command: 'true' } } }));
      const before = server.stats.registrations;
      const run = (args: string[], onStderr?: (all: string) => void) =>
        new Promise<Run>((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, 'mcp', ...args], { cwd: ws, env: cleanEnv({ HOME: other }), stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => {
            stderr += d.toString();
            onStderr?.(stderr);
          });
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
      let browsed: Promise<Response> | undefined;
      const r = await run(['login', 'mine'], (err) => {
        const page = /open (http:\/\/127\.0\.0\.1:\d+\/authorize\S+) to sign in/.exec(err)?.[1];
        if (page && !browsed) browsed = fetch(page, { redirect: 'manual' }).then((a) => fetch(a.headers.get('location')!));
      });
      assert.ok(browsed, r.stderr);
      assert.equal((await browsed).status, 200);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Signed in to mine; 1 tools\.$/m);
      assert.equal(server.stats.registrations, before + 1);
      const file = join(other, '.tandem', 'mcp-oauth.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(JSON.parse(readFileSync(file, 'utf8'))[server.url].tokens.access_token);

      const local = await run(['login', 'local']);
      assert.equal(local.code, 2);
      assert.match(local.stderr, /only HTTP servers sign in/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('expired tokens: two concurrent calls that both get a 401 are served by one refresh', async () => {
    llm.load({ replies: [call(2, 3), say('both done')] });
    llm.requests.length = 0;
    const before = { ...server.stats };
    server.expireAfterToolsList();
    // The refresh is held until both calls were refused: two refreshes would both reach the server.
    server.holdRefreshUntilUnauthorized(2);
    const r = await cli(['-p', 'twice', '--mcp-config', config(), '--allowedTools', 'mcp__secure']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /sign in/, 'no new sign-in');
    assert.equal(r.stdout, 'both done\n');
    assert.equal(server.stats.registrations, before.registrations, 'no new registration');
    assert.equal(server.stats.unauthorized - before.unauthorized, 2, 'both calls were refused once');
    assert.equal(server.stats.refreshGrants - before.refreshGrants, 1, 'one refresh');
    const results = toolResults(llm.requests[1]);
    assert.equal(results.length, 2);
    assert.ok(results.some((t) => t.startsWith('call 2 by client')) && results.some((t) => t.startsWith('call 3 by client')), results.join(' | '));
  });
});
