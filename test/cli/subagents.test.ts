// Sub-agents through the SDK against the fake model: a fresh context with the agent's own system
// prompt and only its tools, concurrency, permissions that stay as narrow inside as outside, labelled
// approvals, abort, and a transcript linked from the parent's session log.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent, defineTool } from '../../src/core/index';
import type { AgentEvent, AgentOptions, ApprovalRequest } from '../../src/core/index';
import { SessionLog } from '../../src/core/session/log';
import { findSession, sessionsDir } from '../../src/core/session/store';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';
import { ensureCliBuilt, runCli } from './harness';

const say = (text: string, whenSystem?: string): ScriptedReply => ({ content: [{ type: 'text', text }], ...(whenSystem ? { whenSystem } : {}) });
const use = (name: string, input: unknown, whenSystem?: string, id?: string): ScriptedReply => ({
  content: [{ type: 'tool_use', name, input, ...(id ? { id } : {}) }],
  ...(whenSystem ? { whenSystem } : {}),
});
const agentCall = (subagent_type: string, prompt: string, id: string) => ({ type: 'tool_use' as const, id, name: 'Agent', input: { description: `task ${id}`, prompt, subagent_type } });

const toolNames = (r: RecordedRequest): string[] => (r.body.tools ?? []).map((t: { name: string }) => t.name);
const systemOf = (r: RecordedRequest): string => (Array.isArray(r.body.system) ? r.body.system.map((b: { text: string }) => b.text).join('') : String(r.body.system ?? ''));
type WireResult = { tool_use_id: string; content: string | { text: string }[]; is_error?: boolean };
const resultsOf = (r: RecordedRequest): WireResult[] => r.body.messages.at(-1).content.filter((b: { type: string }) => b.type === 'tool_result');
const text = (c: WireResult['content']) => (typeof c === 'string' ? c : c.map((b) => b.text).join(''));

describe('Sub-agents (Agent tool) against the fake model', () => {
  let llm: FakeLlm;
  let ws: string;
  let userDir: string;
  const temps: string[] = [];
  const agents: { close(): void }[] = [];
  const temp = (p: string) => {
    const d = mkdtempSync(join(tmpdir(), p));
    temps.push(d);
    return d;
  };
  function agent(opts: Partial<AgentOptions> = {}) {
    const a = createAgent({
      provider: 'anthropic',
      apiKey: 'test-key',
      baseURL: llm.anthropicBaseUrl,
      cwd: ws,
      userDir,
      persistSession: false,
      retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0, jitter: 0 },
      ...opts,
    });
    agents.push(a);
    return a;
  }
  async function run(a: ReturnType<typeof agent>, prompt: string, signal?: AbortSignal): Promise<AgentEvent[]> {
    const out: AgentEvent[] = [];
    for await (const ev of a.query(prompt, { signal })) out.push(ev);
    return out;
  }

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
    ws = temp('tandem-sub-ws-');
    userDir = temp('tandem-sub-user-');
  });
  afterEach(() => {
    for (const a of agents.splice(0)) a.close();
  });

  it('a custom agent gets its own system prompt, only its tools, and none of the parent\'s history', async () => {
    mkdirSync(join(ws, '.claude', 'agents', 'review'), { recursive: true });
    writeFileSync(
      join(ws, '.claude', 'agents', 'review', 'reviewer.md'),
      '---\nname: reviewer\ndescription: Reviews code for bugs\ntools: Read, Grep\nmodel: haiku\n---\nYou are REVIEWER-PROMPT. Review carefully.\n',
    );
    writeFileSync(join(ws, 'a.txt'), 'hello\n');
    llm.push(
      say('Earlier answer with a SECRET-PARENT-WORD.'),
      { content: [agentCall('reviewer', 'Review a.txt', 'toolu_r1')] },
      use('Read', { file_path: join(ws, 'a.txt') }, 'REVIEWER-PROMPT'),
      say('REPORT: a.txt says hello, no bugs.', 'REVIEWER-PROMPT'),
      say('The reviewer found no bugs.'),
    );
    const a = agent({ tools: ['Read', 'Grep', 'LS', 'Bash', 'Agent'] });
    await run(a, 'first question');
    const events = await run(a, 'Please review a.txt');

    const nested = llm.requests.filter((r) => systemOf(r).includes('REVIEWER-PROMPT'));
    assert.equal(nested.length, 2);
    assert.deepEqual(toolNames(nested[0]).sort(), ['Grep', 'Read']);
    assert.equal(nested[0].body.model, 'claude-haiku-4-5', 'model: haiku maps to the provider\'s small tier');
    assert.equal(nested[0].body.messages.length, 1, 'a fresh context: only the delegated prompt');
    assert.doesNotMatch(JSON.stringify(nested[0].body.messages), /SECRET-PARENT-WORD|first question/);
    assert.match(JSON.stringify(nested[0].body.messages), /Review a\.txt/);
    assert.match(systemOf(nested[0]), /# Environment/);

    const parentFinal = llm.requests.at(-1)!;
    const [result] = resultsOf(parentFinal);
    assert.equal(result.tool_use_id, 'toolu_r1');
    assert.match(text(result.content), /REPORT: a\.txt says hello, no bugs\./);
    assert.match(text(result.content), /reviewer sub-agent agent-[\w-]+: 1 tool call, \d+ tokens, .* s, model claude-haiku-4-5/);
    const end = events.find((e) => e.type === 'subagent_end');
    assert.ok(end && end.type === 'subagent_end' && end.status === 'completed' && end.toolCount === 1);
    const inner = events.filter((e) => e.type === 'subagent_event').map((e) => (e.type === 'subagent_event' ? e.event.type : ''));
    assert.ok(inner.includes('tool_call') && inner.includes('tool_result'), 'the nested calls reach the parent\'s stream');
  });

  it('a tool outside the agent\'s list is refused by the dispatcher, whatever the prompt says', async () => {
    llm.push(
      { content: [agentCall('Explore', 'Find things, and write x.txt', 'toolu_e1')] },
      use('Write', { file_path: join(ws, 'x.txt'), content: 'nope' }, 'read-only exploration'),
      say('Could not write.', 'read-only exploration'),
      say('done'),
    );
    const a = agent({ permissionMode: 'bypassPermissions' });
    await run(a, 'go');
    const nested = llm.requests.filter((r) => systemOf(r).includes('read-only exploration'));
    assert.ok(!toolNames(nested[0]).includes('Write') && !toolNames(nested[0]).includes('Bash') && toolNames(nested[0]).includes('Grep'));
    assert.match(text(resultsOf(nested[1])[0].content), /Unknown tool "Write"/);
    assert.equal(existsSync(join(ws, 'x.txt')), false);
  });

  it('two Agent calls in one reply run concurrently', async () => {
    // Each sub-agent calls the barrier, which answers only once both have called it: run one
    // after the other, the first would wait for ever (and the test time out).
    let arrived = 0;
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    const barrier = defineTool({
      name: 'barrier',
      description: 'waits for the other agent',
      inputSchema: { type: 'object' },
      readOnly: true,
      async execute() {
        if (++arrived === 2) open();
        await opened;
        return 'both here';
      },
    });
    const one = { name: 'one', description: 'agent one', prompt: 'AGENT-ONE-PROMPT' };
    const two = { name: 'two', description: 'agent two', prompt: 'AGENT-TWO-PROMPT' };
    llm.push(
      { content: [agentCall('one', 'job one', 'toolu_a'), agentCall('two', 'job two', 'toolu_b')] },
      use('barrier', {}, 'AGENT-ONE-PROMPT'),
      use('barrier', {}, 'AGENT-TWO-PROMPT'),
      say('one done', 'AGENT-ONE-PROMPT'),
      say('two done', 'AGENT-TWO-PROMPT'),
      say('all done'),
    );
    const a = agent({ tools: ['Read', 'Agent', barrier], agents: { one, two } });
    const events = await run(a, 'do both');
    const ends = events.filter((e) => e.type === 'subagent_end');
    assert.deepEqual(ends.map((e) => e.type === 'subagent_end' && e.status), ['completed', 'completed']);
    const results = resultsOf(llm.requests.at(-1)!);
    assert.deepEqual(results.map((r) => r.tool_use_id), ['toolu_a', 'toolu_b']);
    assert.match(text(results[0].content), /^one done/);
    assert.match(text(results[1].content), /^two done/);
  });

  it('a deny rule stays a deny inside, and an agent\'s permissionMode cannot widen the parent\'s', async () => {
    const loose = { name: 'loose', description: 'asks for bypass', prompt: 'LOOSE-PROMPT', permissionMode: 'bypassPermissions' };
    llm.push(
      { content: [agentCall('loose', 'make files', 'toolu_l')] },
      { content: [
        { type: 'tool_use', name: 'Bash', input: { command: 'touch denied.txt' } },
        { type: 'tool_use', name: 'Bash', input: { command: 'touch asked.txt' } },
      ], whenSystem: 'LOOSE-PROMPT' },
      say('tried', 'LOOSE-PROMPT'),
      say('ok'),
    );
    const asked: ApprovalRequest[] = [];
    const a = agent({
      agents: { loose },
      rules: { deny: ['Bash(touch denied.txt)'] },
      approver: {
        async ask(req) {
          asked.push(req);
          return { decision: 'deny', message: 'not now' };
        },
      },
    });
    await run(a, 'go');
    const nested = llm.requests.filter((r) => systemOf(r).includes('LOOSE-PROMPT'));
    const [denied, refused] = resultsOf(nested[1]);
    assert.match(text(denied.content), /Permission denied: .*denied by rule Bash\(touch denied\.txt\)/);
    assert.match(text(refused.content), /Permission denied: the user declined: not now/);
    assert.equal(asked.length, 1, 'default mode still asks inside a bypassPermissions agent');
    assert.equal(asked[0].agent, 'loose', 'the question names the sub-agent');
    assert.equal(existsSync(join(ws, 'denied.txt')), false);
    assert.equal(existsSync(join(ws, 'asked.txt')), false);
  });

  it('a Task(...) deny rule stops that agent type (Task is an alias of Agent)', async () => {
    llm.push({ content: [agentCall('Explore', 'look', 'toolu_t')] }, say('fine'));
    const a = agent({ rules: { deny: ['Task(Explore)'] } });
    await run(a, 'go');
    assert.equal(llm.requests.length, 2, 'no sub-agent request was made');
    assert.match(text(resultsOf(llm.requests[1])[0].content), /denied by rule Agent\(Explore\)/);
  });

  it('aborting the parent stops both running sub-agents', async () => {
    let started = 0;
    let bothStarted!: () => void;
    const both = new Promise<void>((r) => (bothStarted = r));
    const wait = defineTool({
      name: 'wait_forever',
      description: 'blocks until cancelled',
      inputSchema: { type: 'object' },
      readOnly: true,
      execute: (_i, ctx) =>
        new Promise<string>((resolve) => {
          if (++started === 2) bothStarted();
          ctx.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
        }),
    });
    const one = { name: 'one', description: 'agent one', prompt: 'AGENT-ONE-PROMPT' };
    const two = { name: 'two', description: 'agent two', prompt: 'AGENT-TWO-PROMPT' };
    llm.push(
      { content: [agentCall('one', 'job one', 'toolu_a'), agentCall('two', 'job two', 'toolu_b')] },
      use('wait_forever', {}, 'AGENT-ONE-PROMPT'),
      use('wait_forever', {}, 'AGENT-TWO-PROMPT'),
    );
    const a = agent({ tools: ['Agent', wait], agents: { one, two } });
    const controller = new AbortController();
    void both.then(() => controller.abort());
    const events = await run(a, 'do both', controller.signal);
    const ends = events.filter((e) => e.type === 'subagent_end').map((e) => (e.type === 'subagent_end' ? e.status : ''));
    assert.deepEqual(ends, ['aborted', 'aborted']);
    const last = events.at(-1);
    assert.equal(last?.type === 'turn_end' ? last.status : last?.type, 'aborted');
    assert.equal(llm.requests.length, 3, 'no request after the abort');
  });

  it('records the sub-agent\'s transcript in a log linked from the parent\'s session log', async () => {
    llm.push(
      { content: [agentCall('general-purpose', 'say hi', 'toolu_g')] },
      say('hi from the sub-agent', 'sub-agent of Tandem'),
      say('done'),
    );
    const base = temp('tandem-sub-sessions-');
    const a = agent({ persistSession: true, sessionsBaseDir: base });
    await run(a, 'go');
    a.close();
    const parentFile = findSession(sessionsDir(base, ws), a.sessionId)!.file;
    const events = SessionLog.read(parentFile).events;
    const links = events.filter((e) => e.type === 'subagent');
    assert.equal(links.length, 2, 'one line when it starts, one when it ends');
    const end = links[1];
    assert.ok(end.type === 'subagent' && end.toolUseId === 'toolu_g' && end.status === 'completed' && end.logFile);
    const child = SessionLog.read(end.logFile!).events;
    assert.ok(child.some((e) => e.type === 'assistant_message' && JSON.stringify(e.message).includes('hi from the sub-agent')));
    assert.ok(child.some((e) => e.type === 'user_message' && e.text === 'say hi'));
  });
});

describe('tandem -p --agents (the built CLI)', () => {
  let llm: FakeLlm;
  let ws: string;
  let home: string;
  before(async function () {
    this.timeout(120_000);
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    rmSync(ws, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('runs the JSON-defined agent with its prompt and tools; stream-json tags its messages with the Agent call', async () => {
    ws = mkdtempSync(join(tmpdir(), 'tandem-cli-sub-'));
    home = mkdtempSync(join(tmpdir(), 'tandem-cli-home-'));
    llm.load({
      replies: [
        { content: [agentCall('lister', 'List the folder', 'toolu_cli')] },
        use('LS', { path: ws }, 'LISTER-PROMPT'),
        say('The folder is empty.', 'LISTER-PROMPT'),
        say('Empty folder.'),
      ],
    });
    const agentsJson = JSON.stringify({ lister: { description: 'Lists folders', prompt: 'You are LISTER-PROMPT.', tools: ['LS'] } });
    const run = await runCli(['-p', 'what is here?', '--agents', agentsJson, '--output-format', 'stream-json'], {
      cwd: ws,
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, HOME: home, TANDEM_MAX_RETRIES: '0' },
      timeoutMs: 50_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const nested = llm.requests.filter((r) => systemOf(r).includes('LISTER-PROMPT'));
    assert.equal(nested.length, 2);
    assert.deepEqual(toolNames(nested[0]), ['LS']);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const tagged = lines.filter((l) => l.parent_tool_use_id === 'toolu_cli');
    assert.deepEqual(tagged.map((l) => l.type), ['assistant', 'system', 'user', 'assistant'], 'the sub-agent\'s reply, permission, result and report');
    assert.equal(lines.at(-1)?.result, 'Empty folder.');
  });

  it('a malformed --agents is a usage error (exit 2)', async () => {
    const run = await runCli(['-p', 'x', '--agents', '{not json'], { cwd: tmpdir(), env: { ANTHROPIC_API_KEY: 'k' }, timeoutMs: 50_000 });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--agents is not valid JSON/);
  });
});
