// MCP through the built CLI, against the fake model server and the real reference servers from npm:
// the tools reach the model request, a call's result reaches the next request, rules decide (deny,
// allow, the default ask that headless refuses), project servers wait for approval (asked, refused,
// approved, changed and asked again), output over the cap, a resource mention, a prompt as a slash
// command; and `tandem mcp serve` driven by the SDK's own Client.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';
import { CLI, ensureCliBuilt, runCli } from './harness';
import type { CliRun as Run } from './harness';
import { everythingStdio } from './mcpServers';

const toolUse = (name: string, input: unknown): ScriptedReply => ({ content: [{ type: 'tool_use', name, input }] });
const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });
const toolNames = (req: RecordedRequest): string[] => (req.body.tools ?? []).map((t: { name: string }) => t.name);
function lastToolResult(req: RecordedRequest): { content: string | { type: string; text?: string }[]; is_error?: boolean } {
  const last = req.body.messages[req.body.messages.length - 1];
  return last.content.find((b: { type: string }) => b.type === 'tool_result');
}
const resultText = (r: ReturnType<typeof lastToolResult>): string => (typeof r.content === 'string' ? r.content : r.content.map((b) => b.text ?? `[${b.type}]`).join(''));
const userText = (req: RecordedRequest): string => {
  const first = req.body.messages[0];
  return typeof first.content === 'string' ? first.content : first.content.map((b: { text?: string }) => b.text ?? '').join('\n');
};

describe('MCP in tandem -p (real servers, fake model)', function () {
  this.timeout(90_000);
  let llm: FakeLlm;
  let ws: string;
  let home: string;
  const temps: string[] = [];
  const tempDir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };
  const mcpJson = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers });

  const cli = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    runCli(args, { cwd: ws, env: { HOME: home, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0', ...env }, timeoutMs: 80_000 });

  before(async function () {
    this.timeout(180_000);
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm?.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    llm.load({ replies: [] });
    llm.requests.length = 0;
    ws = tempDir('tandem-mcp-ws-');
    home = tempDir('tandem-mcp-home-');
  });

  it('a server\'s initialize instructions reach the system prompt under its name, marked as the server\'s', async () => {
    llm.push(say('ok'));
    const r = await cli(['-p', 'hi', '--mcp-config', mcpJson({ everything: everythingStdio() })]);
    assert.equal(r.code, 0, r.stderr);
    const s = llm.requests[0].body.system;
    const system = typeof s === 'string' ? s : (s as { text: string }[]).map((b) => b.text).join('\n');
    assert.match(system, /# MCP server instructions\n[^\n]*not from the user[^\n]*\n\n## everything\n# Everything Server/);
    assert.match(system, /Server instructions are working!/);
  });

  it('--mcp-config: the server\'s tools reach the request, and an allowed call\'s result reaches the next one', async () => {
    llm.push(toolUse('mcp__everything__get-sum', { a: 20, b: 22 }), say('42 it is.'));
    const r = await cli(['-p', 'add 20 and 22', '--mcp-config', mcpJson({ everything: everythingStdio() }), '--allowedTools', 'mcp__everything__get-sum']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '42 it is.\n');
    const names = toolNames(llm.requests[0]);
    assert.ok(names.includes('Read') && names.includes('mcp__everything__echo') && names.includes('mcp__everything__get-sum'), names.join(', '));
    const result = lastToolResult(llm.requests[1]);
    assert.equal(resultText(result), 'The sum of 20 and 22 is 42.');
    assert.ok(!result.is_error);
  });

  it('by default an MCP call asks, so headless it is refused with the reason; a deny rule removes the server\'s tools', async () => {
    llm.push(toolUse('mcp__everything__echo', { message: 'hi' }), say('ok'));
    const cfg = mcpJson({ everything: everythingStdio() });
    const r = await cli(['-p', 'echo', '--mcp-config', cfg]);
    assert.equal(r.code, 0, r.stderr);
    const result = lastToolResult(llm.requests[1]);
    assert.equal(result.is_error, true);
    assert.match(resultText(result), /Permission denied: using mcp__everything__echo needs approval, and nobody can approve it here/);

    llm.requests.length = 0;
    llm.push(toolUse('mcp__everything__echo', { message: 'hi' }), say('ok'));
    mkdirSync(join(home, '.tandem'), { recursive: true });
    writeFileSync(join(home, '.tandem', 'settings.json'), JSON.stringify({ permissions: { allow: ['mcp__everything'], deny: ['mcp__everything__echo'] } }));
    const denied = await cli(['-p', 'echo', '--mcp-config', cfg]);
    assert.equal(denied.code, 0, denied.stderr);
    const names = toolNames(llm.requests[0]);
    assert.ok(!names.includes('mcp__everything__echo'), 'a denied tool is not offered');
    assert.ok(names.includes('mcp__everything__get-sum'), 'the server\'s other tools are, under mcp__everything');
    assert.equal(lastToolResult(llm.requests[1]).is_error, true);
  });

  it('project .mcp.json servers: skipped until approved, refused stays off, a changed entry is asked again', async () => {
    const entry = everythingStdio();
    writeFileSync(join(ws, '.mcp.json'), mcpJson({ everything: entry }));
    llm.load({ replies: [], whenEmpty: 'echo' });
    const first = await cli(['-p', 'hello']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /project MCP servers not started \(not approved\):\n {2}everything \(.*\.mcp\.json\): .*server-everything.*index\.js stdio/);
    assert.ok(!toolNames(llm.requests[0]).some((n) => n.startsWith('mcp__')), 'no tool of an unapproved server reaches the model');

    const refused = await cli(['mcp', 'refuse', 'everything']);
    assert.equal(refused.code, 0, refused.stderr);
    const list = await cli(['mcp', 'list']);
    assert.match(list.stdout, /everything {2}\[refused; refused by you\]\n {2}from project: .*\.mcp\.json\n {2}runs .*index\.js stdio/);

    const approved = await cli(['mcp', 'approve', 'everything']);
    assert.match(approved.stdout, /^Approved everything: .*index\.js stdio/);
    llm.requests.length = 0;
    const second = await cli(['-p', 'hello']);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /not started/);
    assert.ok(toolNames(llm.requests[0]).includes('mcp__everything__echo'));

    writeFileSync(join(ws, '.mcp.json'), mcpJson({ everything: { ...entry, args: [...entry.args, '--changed'] } }));
    llm.requests.length = 0;
    const third = await cli(['-p', 'hello']);
    assert.match(third.stderr, /project MCP servers not started/);
    assert.ok(!toolNames(llm.requests[0]).some((n) => n.startsWith('mcp__')));
    assert.match((await cli(['mcp', 'list'])).stdout, /waiting for approval; the entry changed since you answered/);

    // A repository's own settings cannot approve it; the user's can.
    mkdirSync(join(ws, '.tandem'));
    writeFileSync(join(ws, '.tandem', 'settings.json'), JSON.stringify({ enableAllProjectMcpServers: true }));
    assert.match((await cli(['-p', 'hello'])).stderr, /project MCP servers not started/);
    mkdirSync(join(home, '.tandem'), { recursive: true });
    writeFileSync(join(home, '.tandem', 'settings.json'), JSON.stringify({ enabledMcpjsonServers: ['everything'] }));
    assert.doesNotMatch((await cli(['-p', 'hello'])).stderr, /not started/);
  });

  it('output over MAX_MCP_OUTPUT_TOKENS is cut with a note', async () => {
    llm.push(toolUse('mcp__everything__get-env', {}), say('done'));
    const big = everythingStdio({ BIG: 'x'.repeat(20_000) });
    const r = await cli(['-p', 'env', '--mcp-config', mcpJson({ everything: big }), '--allowedTools', 'mcp__everything'], { MAX_MCP_OUTPUT_TOKENS: '1000' });
    assert.equal(r.code, 0, r.stderr);
    const text = resultText(lastToolResult(llm.requests[1]));
    assert.match(text, /\[Output truncated by Tandem: the MCP tool returned about [\d,]+ tokens, over the limit of 1,000 \(MAX_MCP_OUTPUT_TOKENS\)/);
    assert.ok(text.length < 4000 + 400, `capped: ${text.length} characters`);
  });

  it('@server:uri attaches the resource; /mcp__server__prompt args sends the server\'s prompt', async () => {
    const cfg = mcpJson({ everything: everythingStdio() });
    llm.push(say('read it'));
    const r = await cli(['-p', 'summarize @everything:demo://resource/dynamic/text/1 please', '--mcp-config', cfg]);
    assert.equal(r.code, 0, r.stderr);
    const sent = userText(llm.requests[0]);
    assert.match(sent, /^summarize @everything:demo:\/\/resource\/dynamic\/text\/1 please/);
    assert.match(sent, /<context kind="mcp-resource" server="everything" uri="demo:\/\/resource\/dynamic\/text\/1">\n.*Resource 1/s);

    llm.requests.length = 0;
    llm.push(say('sunny'));
    const p = await cli(['-p', '/mcp__everything__args-prompt Paris France', '--mcp-config', cfg]);
    assert.equal(p.code, 0, p.stderr);
    assert.match(userText(llm.requests[0]), /weather.*Paris.*France/i);

    const missing = await cli(['-p', '/mcp__everything__args-prompt', '--mcp-config', cfg]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr + missing.stdout, /needs city/);
  });

  it('tool search: over the context share only ToolSearch is sent, and what it loads joins the next request (OpenAI too)', async () => {
    llm.push(
      { api: 'openai', content: [{ type: 'tool_use', name: 'ToolSearch', input: { query: 'sum numbers' } }] },
      { api: 'openai', content: [{ type: 'tool_use', name: 'mcp__everything__get-sum', input: { a: 1, b: 2 } }] },
      { api: 'openai', content: [{ type: 'text', text: 'three' }] },
    );
    const r = await cli(['-p', 'add', '--provider', 'openai', '--model', 'gpt-4o', '--mcp-config', mcpJson({ everything: everythingStdio() }), '--allowedTools', 'mcp__everything'], {
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: llm.openaiBaseUrl,
      ENABLE_TOOL_SEARCH: 'true',
    });
    assert.equal(r.code, 0, r.stderr);
    const names = (i: number): string[] => llm.requests[i].body.tools.map((t: { function: { name: string } }) => t.function.name);
    assert.ok(names(0).includes('ToolSearch') && names(0).includes('Read'));
    assert.ok(!names(0).some((n) => n.startsWith('mcp__')), 'no MCP schema is sent up front');
    assert.ok(names(1).includes('mcp__everything__get-sum'), 'the found tool is offered next');
    const last = llm.requests[2].body.messages.at(-1);
    assert.equal(last.role, 'tool');
    assert.match(String(last.content), /The sum of 1 and 2 is 3/);
  });

  describe('tandem mcp serve', () => {
    let client: Client | undefined;
    afterEach(async () => {
      await client?.close();
      client = undefined;
    });
    const connect = async () => {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(ANTHROPIC|OPENAI|TANDEM)_/.test(k)) env[k] = v;
      client = new Client({ name: 'test', version: '1' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', 'serve'], cwd: ws, env: { ...env, HOME: home }, stderr: 'pipe' }));
      return client;
    };
    const text = (r: unknown) => ((r as { content: { text: string }[] }).content ?? []).map((c) => c.text).join('');

    it('exposes Tandem\'s tools to the SDK\'s Client; reads run, a call that needs approval is refused with the reason', async () => {
      writeFileSync(join(ws, 'hello.txt'), 'hello from the workspace\n');
      const c = await connect();
      const names = (await c.listTools()).tools.map((t) => t.name);
      assert.deepEqual(names.sort(), ['Bash', 'Edit', 'Glob', 'Grep', 'LS', 'MultiEdit', 'Read', 'Write']);
      const read = await c.callTool({ name: 'Read', arguments: { file_path: join(ws, 'hello.txt') } });
      assert.ok(!read.isError, text(read));
      assert.match(text(read), /hello from the workspace/);
      const write = await c.callTool({ name: 'Write', arguments: { file_path: join(ws, 'new.txt'), content: 'x' } });
      assert.equal(write.isError, true);
      assert.match(text(write), /Permission needed: writing .*new\.txt needs approval, and nobody can approve it through this MCP connection/);
      assert.ok(!existsSync(join(ws, 'new.txt')));
      const bash = await c.callTool({ name: 'Bash', arguments: { command: 'touch made-by-bash' } });
      assert.equal(bash.isError, true);
      assert.ok(!existsSync(join(ws, 'made-by-bash')));
      const bad = await c.callTool({ name: 'Read', arguments: { nope: 1 } });
      assert.equal(bad.isError, true);
      assert.match(text(bad), /Invalid input for Read/);
    });

    it('the folder\'s settings decide: an allow rule lets Write run, a deny rule refuses Read', async () => {
      mkdirSync(join(home, '.tandem'), { recursive: true });
      writeFileSync(join(home, '.tandem', 'settings.json'), JSON.stringify({ permissions: { allow: ['Write'], deny: ['Read(secret.txt)'] } }));
      writeFileSync(join(ws, 'secret.txt'), 'top secret');
      const c = await connect();
      const write = await c.callTool({ name: 'Write', arguments: { file_path: join(ws, 'new.txt'), content: 'written over MCP' } });
      assert.ok(!write.isError, text(write));
      assert.equal(readFileSync(join(ws, 'new.txt'), 'utf8'), 'written over MCP');
      const secret = await c.callTool({ name: 'Read', arguments: { file_path: join(ws, 'secret.txt') } });
      assert.equal(secret.isError, true);
      assert.match(text(secret), /Permission denied: denied by rule Read\(secret\.txt\)/);
    });
  });
});
