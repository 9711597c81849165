// Model requests through HTTPS_PROXY / HTTP_PROXY with NO_PROXY, as Claude Code sends them: the
// official SDKs against the fake server, through a real forward proxy (the npm `proxy` package).
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from 'proxy';
import { createProvider } from '../../src/core/llm';
import type { ProviderConfig, ProviderRequest } from '../../src/core/llm';
import { proxyFrom } from '../../src/core/llm/proxy';
import { agentConfig } from '../../src/core/sdk/agentConfig';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

describe('model requests through a proxy', () => {
  let llm: FakeLlm;
  let proxy: http.Server;
  let proxyUrl: string;
  /** What went through the proxy: the hosts it opened tunnels to (CONNECT) or the URLs it forwarded. */
  let forwarded: string[];
  const hi: ProviderRequest = { model: 'claude-sonnet-4-5', system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 50 };
  const run = async (config: ProviderConfig, request = hi) => {
    let text = '';
    for await (const ev of createProvider(config).stream(request, new AbortController().signal)) if (ev.type === 'text_delta') text += ev.text;
    return text;
  };

  before(async () => {
    llm = await startFakeLlm({ replies: [], whenEmpty: 'echo' });
    proxy = createProxy(http.createServer());
    proxy.on('request', (req: http.IncomingMessage) => forwarded.push(new URL(req.url ?? '').host));
    proxy.on('connect', (req: http.IncomingMessage) => forwarded.push(req.url ?? ''));
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  beforeEach(() => (forwarded = []));
  after(async () => {
    await llm.close();
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
  });

  it('reads the variables as Claude Code and curl do: upper or lower case, NO_PROXY with them, nothing without a proxy', () => {
    assert.deepEqual(proxyFrom({ https_proxy: 'http://p:3128', NO_PROXY: 'localhost,.corp' }), { httpsProxy: 'http://p:3128', noProxy: 'localhost,.corp' });
    assert.deepEqual(proxyFrom({ HTTP_PROXY: 'http://p:8080' }), { httpProxy: 'http://p:8080' });
    assert.equal(proxyFrom({ NO_PROXY: 'localhost', PATH: '/bin' }), undefined);
    assert.equal(proxyFrom({ HTTPS_PROXY: '' }), undefined);
  });

  it('Anthropic and OpenAI requests go through the proxy', async () => {
    const proxySettings = { httpProxy: proxyUrl };
    assert.equal(await run({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, proxy: proxySettings }), 'Echo: hi');
    assert.equal(await run({ provider: 'openai', apiKey: 'k', baseURL: llm.openaiBaseUrl, wireApi: 'chat', proxy: proxySettings }, { ...hi, model: 'gpt-5' }), 'Echo: hi');
    const fake = new URL(llm.anthropicBaseUrl).host;
    assert.ok(forwarded.length >= 1 && forwarded.every((h) => h === fake), `through the proxy to the fake server: ${forwarded.join(', ')}`);
    assert.equal(llm.requests.length, 2);
  });

  it('a host named in NO_PROXY is reached directly; without a proxy nothing goes through one', async () => {
    const host = new URL(llm.anthropicBaseUrl).hostname;
    assert.equal(await run({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, proxy: { httpProxy: proxyUrl, noProxy: `example.com,${host}` } }), 'Echo: hi');
    assert.equal(await run({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl }), 'Echo: hi');
    assert.deepEqual(forwarded, []);
  });

  it('the CLI and SDK take the proxy from a settings file\'s env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-proxy-'));
    try {
      const c = agentConfig({ provider: 'anthropic', cwd: dir, userDir: join(dir, 'user'), apiKey: 'k', settings: { env: { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'localhost' } } });
      assert.deepEqual(c.resolved.config.proxy, { httpsProxy: 'http://proxy.corp:3128', noProxy: 'localhost' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a proxy that cannot be reached is a clear connection error, not a hang', async () => {
    await assert.rejects(run({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, proxy: { httpProxy: 'http://127.0.0.1:1' } }), /ECONNREFUSED|connect/i);
  });
});
