// The SDK's tutorial-style API in-process: createAgent without cwd and its ConfigErrors,
// agent.defineTool (also after the first prompt), and setPermissions on top of the engine.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, createAgent } from '../../src/core/index';
import type { Agent, AgentOptions } from '../../src/core/index';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

describe('SDK: the tutorial-style API', () => {
  let llm: FakeLlm;
  let ws: string;
  let userDir: string;
  const temps: string[] = [];
  const agents: Agent[] = [];
  const temp = (p: string) => {
    const d = realpathSync(mkdtempSync(join(tmpdir(), p)));
    temps.push(d);
    return d;
  };
  const make = (opts: Partial<AgentOptions> = {}) => {
    const a = createAgent({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, cwd: ws, userDir, persistSession: false, ...opts });
    agents.push(a);
    return a;
  };
  const verdict = (a: Agent, tool: string, subject: Parameters<Agent['permissions']['decide']>[2], readOnly = false) =>
    a.permissions.decide(tool, readOnly, subject, ws).then((v) => v.behavior);

  before(async () => {
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    llm.load({ replies: [] });
    llm.requests.length = 0;
    ws = temp('tandem-tut-ws-');
    userDir = temp('tandem-tut-user-');
  });
  afterEach(() => {
    for (const a of agents.splice(0)) a.close();
  });

  describe('createAgent', () => {
    it('throws a ConfigError (never a TypeError) that names the problem', () => {
      const cases: [unknown, RegExp][] = [
        [undefined, /takes an options object/],
        [{}, /provider is missing/],
        [{ provider: 'gemini', apiKey: 'k' }, /Unknown provider "gemini"/],
        [{ provider: 'anthropic', apiKey: 'k', cwd: join(ws, 'missing') }, /cwd .* is not an existing folder/],
        [{ provider: 'anthropic', apiKey: 'k', model: 42 }, /model must be a string/],
        [{ provider: 'anthropic', apiKey: 'k', permissionMode: 'yolo' }, /permissionMode "yolo"/],
        [{ provider: 'anthropic', apiKey: 'k', tools: 'Read' }, /tools must be an array/],
      ];
      for (const [opts, message] of cases) {
        assert.throws(() => agents.push(createAgent(opts as AgentOptions)), (err: Error) => err instanceof ConfigError && message.test(err.message), String(JSON.stringify(opts)));
      }
    });

    it('says which variable to set when the key is missing', () => {
      const saved = process.env.OPENAI_API_KEY;
      delete process.env.OPENAI_API_KEY;
      try {
        assert.throws(() => make({ provider: 'openai', apiKey: undefined }), (err: Error) => err instanceof ConfigError && /set OPENAI_API_KEY/.test(err.message));
      } finally {
        if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
      }
    });

    it('works in process.cwd() when no cwd is given', async () => {
      writeFileSync(join(ws, 'here.txt'), 'x');
      const before = process.cwd();
      process.chdir(ws);
      let agent: Agent;
      try {
        agent = make({ cwd: undefined });
      } finally {
        process.chdir(before);
      }
      llm.push({ content: [{ type: 'tool_use', id: 'tu_g', name: 'Glob', input: { pattern: '*.txt' } }] }, { content: [{ type: 'text', text: 'found' }] });
      await agent.prompt('list');
      const result = llm.requests[1]!.body.messages.at(-1).content.find((b: { type: string }) => b.type === 'tool_result');
      // Found, and named relative to the agent's working directory: the folder it was created in.
      assert.equal(result.content, 'here.txt');
    });
  });

  it('prompt() results print as the answer; the rest is data', async () => {
    llm.push({ content: [{ type: 'text', text: 'The answer.' }] });
    const r = await make().prompt('q');
    assert.equal(inspect(r), 'The answer.');
    assert.equal(`${r}`, 'The answer.');
    assert.equal(r.status, 'completed');
    assert.deepEqual(Object.keys(r).sort(), ['context', 'costUsd', 'error', 'sessionId', 'status', 'text', 'turns', 'usage']);
  });

  describe('agent.defineTool', () => {
    it('adds a tool with a JSON schema in parameters, also after the first prompt, and returns values as JSON', async () => {
      const agent = make();
      llm.push({ content: [{ type: 'text', text: 'hi' }] });
      await agent.prompt('hello');
      assert.ok(!llm.requests[0]!.body.tools.some((t: { name: string }) => t.name === 'add'));
      agent.defineTool({
        name: 'add',
        description: 'Adds two numbers',
        parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
        execute: ({ a, b }: { a: number; b: number }) => ({ sum: a + b }),
      });
      llm.push(
        { content: [{ type: 'tool_use', id: 'tu_bad', name: 'add', input: { a: 1 } }, { type: 'tool_use', id: 'tu_add', name: 'add', input: { a: 1, b: 2 } }] },
        { content: [{ type: 'text', text: '3' }] },
      );
      await agent.prompt('add');
      assert.ok(llm.requests[1]!.body.tools.some((t: { name: string }) => t.name === 'add'));
      const results = llm.requests[2]!.body.messages.at(-1).content;
      assert.equal(results[0].is_error, true, 'input that fails the schema is an error result');
      assert.equal(results[1].content, '{"sum":3}');
      assert.ok(!results[1].is_error, 'a tool the program added runs without asking');
      assert.throws(() => agent.defineTool({ name: 'add', description: 'again', parameters: {}, execute: () => '' }), ConfigError);
      assert.throws(() => agent.defineTool({ name: 'nothing', description: 'no schema', execute: () => '' }), /parameters \(JSON schema\) or inputSchema/);
    });
  });

  describe('agent.setPermissions', () => {
    it('turns switches into rules: deny beats allow, an allow stays inside the workspace and off protected paths', async () => {
      const agent = make({ rules: { deny: ['Bash(curl:*)'] } });
      const inside = { kind: 'write' as const, path: join(ws, 'a.txt') };
      assert.equal(await verdict(agent, 'Write', inside), 'ask', 'default mode asks before a write');
      agent.setPermissions({ writeFile: { allowed: true } });
      assert.equal(await verdict(agent, 'Write', inside), 'allow');
      assert.equal(await verdict(agent, 'Edit', inside), 'allow');
      assert.equal(await verdict(agent, 'Write', { kind: 'write', path: join(temp('tandem-tut-out-'), 'b.txt') }), 'ask', 'outside the workspace still asks');
      mkdirSync(join(ws, '.git'));
      assert.equal(await verdict(agent, 'Write', { kind: 'write', path: join(ws, '.git', 'config') }), 'ask', 'a protected path still asks');
      agent.setPermissions({ writeFile: { allowed: true }, editFile: { allowed: false } });
      assert.equal(await verdict(agent, 'Write', inside), 'deny', 'a deny switch beats an allow switch');
      agent.setPermissions({ executeCommand: { allowed: true } });
      assert.equal(await verdict(agent, 'Bash', { kind: 'command', command: 'curl https://example.invalid' }), 'deny', 'a settings deny beats an allow switch');
      assert.equal(await verdict(agent, 'Bash', { kind: 'command', command: 'make build' }), 'allow');
      assert.equal(await verdict(agent, 'Write', inside), 'ask', 'each call replaces the previous switches');
    });

    it('leaves tools nobody mentioned to the engine, and takes tool names of this agent', async () => {
      const agent = make();
      agent.defineTool({ name: 'deploy', description: 'Deploys', parameters: { type: 'object' }, execute: () => 'ok' });
      agent.setPermissions({ readFile: { allowed: false }, deploy: { allowed: false } });
      assert.equal(await verdict(agent, 'Read', { kind: 'read', path: join(ws, 'a.txt') }, true), 'deny');
      assert.equal(await verdict(agent, 'Grep', { kind: 'read', path: ws }, true), 'deny', 'readFile covers every reading tool');
      assert.equal(await verdict(agent, 'deploy', { kind: 'none' }), 'deny');
      assert.equal(await verdict(agent, 'Bash', { kind: 'command', command: 'rm -rf build' }), 'ask', 'not mentioned: the engine decides');
      assert.equal(await verdict(agent, 'Bash', { kind: 'command', command: 'ls' }), 'allow', 'not mentioned: the engine decides');
    });

    it('rejects unknown names and malformed switches with a ConfigError', () => {
      const agent = make();
      assert.throws(() => agent.setPermissions({ launchRockets: { allowed: true } }), (e: Error) => e instanceof ConfigError && /unknown permission "launchRockets".*readFile/.test(e.message));
      assert.throws(() => agent.setPermissions({ readFile: true } as never), (e: Error) => e instanceof ConfigError && /allowed: true/.test(e.message));
      assert.throws(() => agent.setPermissions(null as never), ConfigError);
    });
  });
});
