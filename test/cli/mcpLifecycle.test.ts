// MCP servers' lifecycle against the real reference servers from npm: listing, calls over stdio,
// streamable HTTP and legacy SSE, the filesystem server, a crash mid-call (reported with stderr, restartable), a
// slow start (MCP_TIMEOUT) beside a good server, abort and the per-call timeout, and a tool whose
// input fails the server's schema (nothing sent).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpManager } from '../../src/core/mcp/manager';
import { McpToolset, TOOL_SEARCH } from '../../src/core/mcp/toolset';
import type { Tool, ToolContext } from '../../src/core/tools/types';
import { everythingStdio, FILESYSTEM, startEverythingHttp } from './mcpServers';

describe('MCP servers (real servers from npm)', function () {
  this.timeout(60_000);
  let root: string;
  const managers: McpManager[] = [];
  const manager = (servers: Record<string, unknown>, env: Record<string, string> = {}) => {
    const m = new McpManager({ cwd: root, home: root, userDir: join(root, '.tandem'), flagConfigs: [JSON.stringify({ mcpServers: servers })], env: { ...process.env, ...env } });
    managers.push(m);
    return m;
  };
  const ctx = (signal = new AbortController().signal, onProgress?: (t: string) => void) => ({ signal, onProgress }) as unknown as ToolContext;
  const tool = (m: McpManager, name: string): Tool => {
    const t = m.tools().find((x) => x.name === name);
    assert.ok(t, `${name} is offered (have: ${m.tools().map((x) => x.name).join(', ')})`);
    return t;
  };

  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'tandem-mcp-'))));
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.close()));
    rmSync(root, { recursive: true, force: true });
  });

  it('stdio: every line the server writes to stderr reaches the host\'s log (the Output channel in VS Code), named by server', async () => {
    const lines: [string, string][] = [];
    const m = new McpManager({ cwd: root, home: root, userDir: join(root, '.tandem'), flagConfigs: [JSON.stringify({ mcpServers: { everything: everythingStdio() } })], env: process.env, log: (server, line) => lines.push([server, line]) });
    managers.push(m);
    await m.startAll();
    assert.equal(m.server('everything')!.status, 'connected', m.server('everything')!.error);
    assert.ok(lines.some(([server, line]) => server === 'everything' && /Starting default \(STDIO\) server/.test(line)), JSON.stringify(lines));
  });

  it('stdio: lists the tools as mcp__<server>__<tool>, with prompts, resources and a token cost, and calls one', async () => {
    const m = manager({ everything: everythingStdio() });
    await m.startAll();
    const s = m.server('everything')!;
    assert.equal(s.status, 'connected', s.error);
    for (const n of ['echo', 'get-sum', 'get-tiny-image', 'trigger-long-running-operation']) tool(m, `mcp__everything__${n}`);
    assert.ok(s.prompts.some((p) => p.name === 'args-prompt'));
    assert.ok(s.resources.length > 0);
    assert.ok(s.tokenCost > 100, `token cost ${s.tokenCost}`);
    assert.deepEqual(await tool(m, 'mcp__everything__get-sum').execute({ a: 2, b: 40 }, ctx()), { content: 'The sum of 2 and 40 is 42.' });
    const img = await tool(m, 'mcp__everything__get-tiny-image').execute({}, ctx());
    assert.equal(img.images?.[0].mediaType, 'image/png');
    assert.equal(tool(m, 'mcp__everything__get-sum').input.safeParse({ a: 'two' }).success, false, 'input is checked against the server\'s schema before anything is sent');
    // Context economy: over a tenth of the window the schemas are deferred behind ToolSearch.
    const small = new McpToolset(m, { contextWindow: s.tokenCost * 5, env: {} });
    assert.deepEqual(small.current().map((t) => t.name), [TOOL_SEARCH]);
    const found = await small.current()[0].execute({ query: 'sum' }, ctx());
    assert.match(found.content, /Loaded 1 tool\(s\)[^]*mcp__everything__get-sum/);
    assert.deepEqual(small.current().map((t) => t.name), [TOOL_SEARCH, 'mcp__everything__get-sum']);
    assert.equal(new McpToolset(m, { contextWindow: s.tokenCost * 20, env: {} }).current().length, m.tools().length, 'under a tenth: every tool is sent');
    const before = s.tokenCost;
    m.setToolEnabled('everything', 'mcp__everything__get-sum', false);
    assert.ok(!m.tools().some((t) => t.name === 'mcp__everything__get-sum'));
    assert.ok(m.server('everything')!.tokenCost < before, 'a disabled tool no longer counts');
  });

  it('streamable HTTP: the same server over http lists and calls tools', async () => {
    const http = await startEverythingHttp();
    try {
      const m = manager({ remote: { type: 'http', url: http.url } });
      await m.startAll();
      assert.equal(m.server('remote')!.status, 'connected', m.server('remote')!.error);
      assert.deepEqual(await tool(m, 'mcp__remote__echo').execute({ message: 'over http' }, ctx()), { content: 'Echo: over http' });
    } finally {
      http.stop();
    }
  });

  it('legacy SSE: type "sse" connects to the server\'s /sse endpoint, lists and calls tools', async () => {
    const sse = await startEverythingHttp('sse');
    try {
      const m = manager({ old: { type: 'sse', url: sse.url } });
      await m.startAll();
      assert.equal(m.server('old')!.status, 'connected', m.server('old')!.error);
      assert.deepEqual(await tool(m, 'mcp__old__echo').execute({ message: 'over sse' }, ctx()), { content: 'Echo: over sse' });
    } finally {
      sse.stop();
    }
  });

  it('the filesystem server: its tools read a file in the folder it was given', async () => {
    const dir = join(root, 'files');
    mkdirSync(dir);
    writeFileSync(join(dir, 'note.txt'), 'filesystem server content');
    const m = manager({ fs: { command: process.execPath, args: [FILESYSTEM, dir] } });
    await m.startAll();
    assert.equal(m.server('fs')!.status, 'connected', m.server('fs')!.error);
    const read = m.tools().find((t) => /^mcp__fs__read_(text_)?file$/.test(t.name))!;
    assert.ok(read, m.tools().map((t) => t.name).join(', '));
    const r = await read.execute({ path: join(dir, 'note.txt') }, ctx());
    assert.match(r.content, /filesystem server content/);
  });

  it('a server that crashes mid-call: the call fails with its stderr, the server shows failed, and a restart brings it back', async () => {
    const m = manager({ everything: everythingStdio() });
    await m.startAll();
    const pid = m.connection('everything')!.pid!;
    assert.ok(pid > 0);
    let progressed!: () => void;
    const started = new Promise<void>((r) => (progressed = r));
    const call = tool(m, 'mcp__everything__trigger-long-running-operation').execute({ duration: 30, steps: 30 }, ctx(undefined, () => progressed()));
    const outcome = call.then(() => 'resolved', (e: Error) => e.message);
    await Promise.race([started, new Promise((r) => setTimeout(r, 5000))]);
    process.kill(pid, 'SIGKILL');
    const message = await outcome;
    assert.match(message, /MCP server "everything" stopped during the call: the server process exited; its last output:\n.*Starting default \(STDIO\) server/s);
    assert.equal(m.server('everything')!.status, 'failed');
    assert.ok(!m.tools().length, 'a failed server offers no tools');
    await m.restart('everything');
    assert.equal(m.server('everything')!.status, 'connected');
    assert.deepEqual(await tool(m, 'mcp__everything__echo').execute({ message: 'back' }, ctx()), { content: 'Echo: back' });
  });

  it('a slow server fails after MCP_TIMEOUT with what it printed, while the others start', async () => {
    const slow = { command: process.execPath, args: ['-e', 'console.error("warming up forever"); setInterval(() => {}, 1000)'] };
    const m = manager({ slow, everything: everythingStdio() }, { MCP_TIMEOUT: '2500' });
    await m.startAll();
    assert.equal(m.server('everything')!.status, 'connected');
    const s = m.server('slow')!;
    assert.equal(s.status, 'failed');
    assert.match(s.error!, /did not answer within 2\.5 s \(MCP_TIMEOUT\); its last output:\nwarming up forever/);
  });

  it('abort cancels a running call and the server stays usable; MCP_TOOL_TIMEOUT bounds a call', async () => {
    const m = manager({ everything: everythingStdio() }, { MCP_TOOL_TIMEOUT: '1500' });
    await m.startAll();
    const ac = new AbortController();
    let progressed!: () => void;
    const started = new Promise<void>((r) => (progressed = r));
    const call = tool(m, 'mcp__everything__trigger-long-running-operation').execute({ duration: 1, steps: 20 }, ctx(ac.signal, () => progressed()));
    const outcome = call.then(() => 'resolved', (e: Error) => e.name + ': ' + e.message);
    await started;
    ac.abort();
    assert.match(await outcome, /abort/i);
    assert.equal(m.server('everything')!.status, 'connected');
    const slow = await tool(m, 'mcp__everything__trigger-long-running-operation').execute({ duration: 30, steps: 1 }, ctx()).then(() => 'resolved', (e: Error) => e.message);
    assert.match(slow, /MCP_TOOL_TIMEOUT is 1500 ms/);
    assert.deepEqual(await tool(m, 'mcp__everything__echo').execute({ message: 'still here' }, ctx()), { content: 'Echo: still here' });
  });
});
