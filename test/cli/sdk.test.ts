// The SDK in-process (createAgent, defineTool) against the fake model server: results, event order,
// custom tools with JSON or zod schemas, an approver, abort, and resuming a persisted session.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createAgent, defineTool, prompt, query } from '../../src/core/index';
import type { AgentEvent, AgentOptions, ApprovalRequest, QueryEvent } from '../../src/core/index';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';

const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });
const calls = (...uses: { id?: string; name: string; input: unknown }[]): ScriptedReply => ({
  content: uses.map((u) => ({ type: 'tool_use' as const, ...u })),
});

type WireResult = { tool_use_id: string; content: string; is_error?: boolean };

function lastToolResults(req: RecordedRequest): WireResult[] {
  const last = req.body.messages[req.body.messages.length - 1];
  return last.content.filter((b: { type: string }) => b.type === 'tool_result');
}

function transcript(req: RecordedRequest): string[] {
  return req.body.messages.map((m: { role: string; content: { type: string; text?: string }[] }) =>
    `${m.role}: ${m.content.filter((b) => b.type === 'text').map((b) => b.text).join('')}`,
  );
}

describe('SDK: createAgent against the fake model', () => {
  let llm: FakeLlm;
  let ws: string;
  let userDir: string;
  const temps: string[] = [];
  const agents: { close(): void }[] = [];

  const tempDir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };

  /** An agent on the fake server; one attempt per request, so a script mistake fails at once. */
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
    ws = tempDir('tandem-sdk-ws-');
    userDir = tempDir('tandem-sdk-user-');
  });
  afterEach(() => {
    for (const a of agents.splice(0)) a.close();
  });

  it('one-shot prompt() and query() run a fresh agent each and clean up its scratch folder', async () => {
    const base = { provider: 'anthropic' as const, apiKey: 'test-key', baseURL: llm.anthropicBaseUrl, cwd: ws, userDir, persistSession: false };
    llm.push(say('One.'), say('Two.'));
    const r = await prompt('first?', base);
    assert.equal(r.text, 'One.');
    assert.equal(r.status, 'completed');
    assert.ok(!existsSync(join(tmpdir(), 'tandem', r.sessionId)), 'the scratch folder is removed on close');
    const types: string[] = [];
    for await (const ev of query({ ...base, prompt: 'second?' })) types.push(ev.type);
    assert.equal(types[0], 'user_message');
    assert.equal(types[types.length - 1], 'turn_end');
    assert.deepEqual(transcript(llm.requests[1]), ['user: second?'], 'each one-shot starts a new conversation');
  });

  it('prompt() returns the text, usage, turns, session id and status', async () => {
    llm.push({ content: [{ type: 'text', text: 'Four.' }], usage: { input: 21, output: 3 } });
    const a = agent();
    const r = await a.prompt('What is two plus two?');
    assert.equal(r.status, 'completed');
    assert.equal(r.text, 'Four.');
    assert.equal(r.turns, 1);
    assert.equal(r.usage.inputTokens, 21);
    assert.equal(r.usage.outputTokens, 3);
    assert.equal(r.sessionId, a.sessionId);
    assert.equal(r.error, undefined);
    assert.deepEqual(transcript(llm.requests[0]), ['user: What is two plus two?']);
    assert.deepEqual(a.messages().map((m) => m.role), ['user', 'assistant']);
  });

  it('query() yields typed events in order, every tool call paired with its result', async () => {
    writeFileSync(join(ws, 'a.txt'), 'alpha\n');
    llm.push(calls({ id: 'toolu_r1', name: 'Read', input: { file_path: join(ws, 'a.txt') } }), say('It says alpha.'));
    const events: QueryEvent[] = [];
    for await (const ev of agent().query('read a.txt')) events.push(ev);
    // Deltas collapsed: how many there are depends on chunking, not on the loop.
    const types = events.map((e) => e.type).filter((t, i, all) => !(t === 'text_delta' && all[i - 1] === 'text_delta'));
    assert.deepEqual(types, [
      'user_message',
      'assistant_start', 'assistant_message', 'context',
      'tool_call', 'permission', 'tool_result', 'tool_results',
      'assistant_start', 'text_delta', 'assistant_message', 'context',
      'turn_end',
    ]);
    const starts = events.filter((e): e is Extract<QueryEvent, { type: 'assistant_start' }> => e.type === 'assistant_start');
    const messages = events.filter((e): e is Extract<QueryEvent, { type: 'assistant_message' }> => e.type === 'assistant_message');
    assert.deepEqual(messages.map((m) => m.id), starts.map((s) => s.id));
    const call = events.find((e) => e.type === 'tool_call') as Extract<QueryEvent, { type: 'tool_call' }>;
    const result = events.find((e) => e.type === 'tool_result') as Extract<QueryEvent, { type: 'tool_result' }>;
    assert.equal(call.id, 'toolu_r1');
    assert.equal(result.toolUseId, 'toolu_r1');
    assert.equal(result.isError, false);
    assert.match(result.output, /alpha/);
    const deltas = events.flatMap((e) => (e.type === 'text_delta' ? [e.text] : [])).join('');
    assert.equal(deltas, 'It says alpha.');
    // Every item carries content: a text delta's text, '' for the rest (a tool's output is not the answer).
    assert.ok(events.every((e) => typeof e.content === 'string'));
    assert.equal(events.map((e) => e.content).join(''), 'It says alpha.');
    const end = events[events.length - 1] as Extract<AgentEvent, { type: 'turn_end' }>;
    assert.equal(end.status, 'completed');
    assert.equal(end.turns, 2);
  });

  it('defineTool with a JSON schema: runs on valid input; a schema violation is an error result and runs nothing', async () => {
    const seen: unknown[] = [];
    const schema = {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
      additionalProperties: false,
    };
    const add = defineTool<{ a: number; b: number }>({
      name: 'add',
      description: 'Adds two numbers.',
      inputSchema: schema,
      readOnly: true,
      execute: (input) => {
        seen.push(input);
        return String(input.a + input.b);
      },
    });
    llm.push(calls({ name: 'add', input: { a: 2, b: 3 } }, { name: 'add', input: { a: 'two', b: 3 } }), say('5'));
    const r = await agent({ tools: ['Read', add] }).prompt('add things');
    assert.equal(r.status, 'completed');
    assert.deepEqual(seen, [{ a: 2, b: 3 }]);
    const offered = llm.requests[0].body.tools.find((t: { name: string }) => t.name === 'add');
    assert.deepEqual(offered.input_schema, schema);
    assert.equal(offered.description, 'Adds two numbers.');
    const [ok, bad] = lastToolResults(llm.requests[1]);
    assert.equal(ok.content, '5');
    assert.ok(!ok.is_error);
    assert.equal(bad.is_error, true);
    assert.match(bad.content, /^Invalid input for add: .*\/a must be number/);
    assert.match(bad.content, /Nothing was run/);
  });

  it('defineTool with a zod schema: the model sees its JSON schema, and input is validated', async () => {
    const shout = defineTool({
      name: 'shout',
      description: 'Upper-cases a word.',
      inputSchema: z.object({ word: z.string().min(1).describe('The word to shout') }),
      readOnly: true,
      execute: ({ word }) => ({ content: word.toUpperCase() }),
    });
    llm.push(calls({ name: 'shout', input: { word: 'tandem' } }, { name: 'shout', input: { word: '' } }), say('TANDEM'));
    const r = await agent({ tools: [shout] }).prompt('shout tandem');
    assert.equal(r.text, 'TANDEM');
    const offered = llm.requests[0].body.tools;
    assert.deepEqual(offered.map((t: { name: string }) => t.name), ['shout']);
    assert.equal(offered[0].input_schema.properties.word.type, 'string');
    assert.equal(offered[0].input_schema.properties.word.description, 'The word to shout');
    const [ok, bad] = lastToolResults(llm.requests[1]);
    assert.equal(ok.content, 'TANDEM');
    assert.equal(bad.is_error, true);
    assert.match(bad.content, /^Invalid input for shout: word:/);
  });

  it('an approver is asked about mutating calls in default mode; its deny message reaches the model', async () => {
    const asked: ApprovalRequest[] = [];
    const answers = [
      { decision: 'deny' as const, message: 'put notes under docs/ instead' },
      { decision: 'allow' as const },
    ];
    const approver = { ask: async (req: ApprovalRequest) => (asked.push(req), answers.shift()!) };
    writeFileSync(join(ws, 'a.txt'), 'alpha\n');
    llm.push(
      calls({ name: 'Read', input: { file_path: join(ws, 'a.txt') } }, { name: 'Write', input: { file_path: join(ws, 'notes.txt'), content: 'n\n' } }),
      calls({ name: 'Write', input: { file_path: join(ws, 'docs', 'notes.txt'), content: 'n\n' } }),
      say('Saved under docs/.'),
    );
    const r = await agent({ approver }).prompt('write notes');
    assert.equal(r.status, 'completed');
    // Only the writes were asked about; the read inside the workspace needed nobody.
    assert.deepEqual(asked.map((q) => [q.toolName, q.summary]), [
      ['Write', join(ws, 'notes.txt')],
      ['Write', join(ws, 'docs', 'notes.txt')],
    ]);
    const [, denied] = lastToolResults(llm.requests[1]);
    assert.equal(denied.is_error, true);
    assert.match(denied.content, /^Permission denied: the user declined: put notes under docs\/ instead/);
    assert.ok(!existsSync(join(ws, 'notes.txt')));
    assert.equal(readFileSync(join(ws, 'docs', 'notes.txt'), 'utf8'), 'n\n');
  });

  it('aborting query() through its AbortSignal ends with turn_end aborted', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i} `).join('');
    llm.push({ content: [{ type: 'text', text: words }], delayMs: 100 }, say('never requested'));
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    const started = Date.now();
    for await (const ev of agent().query('talk a lot', { signal: controller.signal })) {
      events.push(ev);
      if (ev.type === 'text_delta') controller.abort();
    }
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms; the full reply takes 4 s`);
    const end = events[events.length - 1];
    assert.equal(end.type, 'turn_end');
    assert.equal((end as Extract<AgentEvent, { type: 'turn_end' }>).status, 'aborted');
    assert.ok(!events.some((e) => e.type === 'error'), 'an abort is not an error');
    assert.equal(llm.requests.length, 1);
    assert.equal(llm.pending(), 1);
  });

  describe('persisted sessions', () => {
    let sessionsBaseDir: string;
    beforeEach(() => {
      sessionsBaseDir = tempDir('tandem-sdk-sessions-');
    });

    function logFile(sessionId: string): string {
      const projects = join(sessionsBaseDir, 'projects');
      const hits = readdirSync(projects).flatMap((p) => readdirSync(join(projects, p)).filter((f) => f === `${sessionId}.jsonl`).map((f) => join(projects, p, f)));
      assert.equal(hits.length, 1, `one log for ${sessionId}`);
      return hits[0];
    }

    async function firstSession(): Promise<string> {
      llm.push(say('Noted: apple.'));
      const a = agent({ persistSession: true, sessionsBaseDir });
      const r = await a.prompt('Remember the word apple.');
      assert.equal(r.status, 'completed');
      a.close();
      return r.sessionId;
    }

    it('a second createAgent with resume: sessionId rebuilds the history', async () => {
      const id = await firstSession();
      llm.push(say('apple'));
      const b = agent({ persistSession: true, sessionsBaseDir, resume: id });
      assert.equal(b.sessionId, id);
      assert.deepEqual(b.warnings, []);
      assert.equal(b.messages().length, 2);
      const r = await b.prompt('Which word?');
      assert.equal(r.text, 'apple');
      assert.deepEqual(transcript(llm.requests[1]), ['user: Remember the word apple.', 'assistant: Noted: apple.', 'user: Which word?']);
      b.close();
      assert.match(readFileSync(logFile(id), 'utf8'), /Which word\?/);
    });

    it('a log with a torn last line resumes with a warning, and later appends start on a new line', async () => {
      const id = await firstSession();
      const file = logFile(id);
      const tornLine = readFileSync(file, 'utf8').split('\n').length;
      appendFileSync(file, '{"seq":99,"type":"user_message","te');
      llm.push(say('apple'));
      const b = agent({ persistSession: true, sessionsBaseDir, resume: id });
      assert.equal(b.warnings.length, 1, b.warnings.join('\n'));
      assert.ok(b.warnings[0].startsWith(`${file}:${tornLine}:`), b.warnings[0]);
      await b.prompt('Which word?');
      assert.deepEqual(transcript(llm.requests[1]), ['user: Remember the word apple.', 'assistant: Noted: apple.', 'user: Which word?']);
      b.close();
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.equal(lines[tornLine - 1], '{"seq":99,"type":"user_message","te');
      for (const l of lines.slice(tornLine)) JSON.parse(l);
      assert.ok(lines.length > tornLine, 'the resumed run was logged after the torn line');
    });
  });
});
