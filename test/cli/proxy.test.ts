// `tandem -p` behind a proxy, as a Claude Code user sets one up: HTTP(S)_PROXY in the environment or
// in ~/.claude/settings.json's env, NO_PROXY for hosts reached directly. A real forward proxy (the
// npm `proxy` package) between the built CLI and the fake model server.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { ensureCliBuilt } from './harness';
import { sandbox } from './claudeFixtures';
import type { Sandbox } from './claudeFixtures';

describe('the CLI behind a proxy', function () {
  this.timeout(120_000);
  let llm: FakeLlm;
  let proxy: http.Server;
  let proxyUrl: string;
  let tunnels: string[];
  let sb: Sandbox;
  before(async function () {
    ensureCliBuilt();
    llm = await startFakeLlm({ replies: [], whenEmpty: 'echo' });
    proxy = createProxy(http.createServer());
    proxy.on('connect', (req: http.IncomingMessage) => tunnels.push(req.url ?? ''));
    proxy.on('request', (req: http.IncomingMessage) => tunnels.push(new URL(req.url ?? '').host));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    await llm?.close();
    proxy?.closeAllConnections();
    await new Promise((r) => proxy?.close(r));
  });
  beforeEach(() => {
    tunnels = [];
    sb = sandbox(llm);
  });
  afterEach(() => sb.dispose());
  const fakeHost = () => new URL(llm.anthropicBaseUrl).host;

  it('HTTP_PROXY in the environment: the model request goes through the proxy', async () => {
    const r = await sb.cli(['-p', 'hello'], { HTTP_PROXY: proxyUrl });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Echo: hello/);
    assert.deepEqual([...new Set(tunnels)], [fakeHost()]);
  });

  it("http_proxy in ~/.claude/settings.json's env, as Claude Code reads it", async () => {
    sb.write('~/.claude/settings.json', { env: { http_proxy: proxyUrl } });
    const r = await sb.cli(['-p', 'hello']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...new Set(tunnels)], [fakeHost()]);
  });

  it('a host in NO_PROXY is reached directly', async () => {
    const r = await sb.cli(['-p', 'hello'], { HTTP_PROXY: proxyUrl, NO_PROXY: `localhost,${new URL(llm.anthropicBaseUrl).hostname}` });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(tunnels, []);
  });
});
