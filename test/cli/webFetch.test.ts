// WebFetch through the agent loop against the fake model and a local web server: a new domain asks
// (denied here: nobody can approve), a domain rule allows it, and the page reaches the model as
// untrusted content; the allow-private-hosts setting is what lets the test reach 127.0.0.1.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent } from '../../src/core/index';
import type { AgentOptions } from '../../src/core/index';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';

const lastResult = (r: RecordedRequest): string => {
  const b = r.body.messages.at(-1).content.find((x: { type: string }) => x.type === 'tool_result');
  return typeof b.content === 'string' ? b.content : b.content.map((c: { text: string }) => c.text).join('');
};

describe('WebFetch in the agent loop', () => {
  let llm: FakeLlm;
  let web: Server;
  let url: string;
  let ws: string;
  let hits = 0;
  before(async () => {
    llm = await startFakeLlm();
    web = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<h1>Changelog</h1><p>Fixed the LOOP-MARKER bug.</p>');
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/changelog-loop`;
    ws = mkdtempSync(join(tmpdir(), 'tandem-webloop-'));
  });
  after(async () => {
    await llm.close();
    web.close();
    rmSync(ws, { recursive: true, force: true });
  });
  const agent = (opts: Partial<AgentOptions>) =>
    createAgent({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, cwd: ws, userDir: ws, persistSession: false, webFetchAllowPrivateHosts: ['127.0.0.1'], retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0, jitter: 0 }, ...opts });
  const call = () => ({ content: [{ type: 'tool_use' as const, name: 'WebFetch', input: { url, prompt: 'What was fixed?' } }] });

  it('asks about a new domain (refused without anyone to approve), then fetches under a domain rule', async () => {
    const strict = agent({});
    llm.load({ replies: [call(), { content: [{ type: 'text', text: 'could not' }] }] });
    await strict.prompt('read the changelog');
    strict.close();
    assert.match(lastResult(llm.requests[1]), /Permission denied: 127\.0\.0\.1 is a new domain for WebFetch/);
    assert.equal(hits, 0);

    llm.requests.length = 0;
    const allowed = agent({ rules: { allow: ['WebFetch(domain:127.0.0.1)'] } });
    llm.load({ replies: [call(), { content: [{ type: 'text', text: 'The LOOP-MARKER bug.' }] }] });
    const r = await allowed.prompt('read the changelog');
    allowed.close();
    assert.equal(r.text, 'The LOOP-MARKER bug.');
    const seen = lastResult(llm.requests[1]);
    assert.match(seen, /<web_content url="[^"]+" status="200" trust="untrusted">\n# Changelog\n\nFixed the LOOP-MARKER bug\.\n<\/web_content>/);
    assert.match(seen, /Now answer from the page: What was fixed\?/);
    assert.equal(hits, 1);
  });
});
