// The agent loop with tools: tool calls parsed from the stream run and their results go back to the
// model; read-only calls run together, mutating calls alone and in order; bad calls get an error
// result and nothing runs; stops on repeated failure, the turn limit and aborts with a history the
// next request can use; permission decisions reach the model. Real providers against the fake server.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { Conversation } from '../../src/core/agent/conversation';
import type { ConversationOptions } from '../../src/core/agent/conversation';
import type { AgentEvent } from '../../src/core/agent/events';
import { CANCELLED } from '../../src/core/agent/runTools';
import { createProvider } from '../../src/core/llm';
import type { ProviderId } from '../../src/core/llm';
import { DEFAULT_RETRY } from '../../src/core/llm/retry';
import { PermissionPolicy } from '../../src/core/permissions/policy';
import type { ApprovalAnswer, ApprovalRequest, Approver, Proposals, Shell, Workspace } from '../../src/core/ports';
import { systemClock } from '../../src/core/ports';
import type { Tool, ToolContext } from '../../src/core/tools/types';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import type { ScriptedBlock, ScriptedReply } from '../fake-llm/scenario';

type Ev<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;

interface Run {
  tool: string;
  label: string;
  start: number;
  end: number;
}

/** What the test tools did, in the order they finished. */
let runs: Run[] = [];
/** Called when Hang starts, so a test can abort while a tool is running. */
let onHang: () => void = () => {};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const Probe: Tool<{ label: string; ms?: number }> = {
  name: 'Probe',
  description: 'Read-only test tool: waits, then reports.',
  input: z.object({ label: z.string().describe('What to probe'), ms: z.number().optional().describe('How long it takes') }),
  readOnly: true,
  subject: (i, cwd) => ({ kind: 'read', path: join(cwd, i.label) }),
  async execute(i) {
    const start = performance.now();
    await sleep(i.ms ?? 150); // deliberately ignores the signal: a call that finishes after an abort
    runs.push({ tool: 'Probe', label: i.label, start, end: performance.now() });
    return { content: `probed ${i.label}` };
  },
};

const Mutate: Tool<{ label: string }> = {
  name: 'Mutate',
  description: 'Mutating test tool.',
  input: z.object({ label: z.string().describe('What to change') }),
  readOnly: false,
  subject: (i, cwd) => ({ kind: 'write', path: join(cwd, i.label) }),
  async execute(i) {
    const start = performance.now();
    await sleep(60);
    runs.push({ tool: 'Mutate', label: i.label, start, end: performance.now() });
    return { content: `changed ${i.label}` };
  },
};

const Fail: Tool<{ why: string }> = {
  name: 'Fail',
  description: 'Always fails.',
  input: z.object({ why: z.string().describe('Reason') }),
  readOnly: true,
  subject: () => ({ kind: 'none' }),
  async execute(i) {
    runs.push({ tool: 'Fail', label: i.why, start: performance.now(), end: performance.now() });
    return { content: `failed because ${i.why}`, isError: true };
  },
};

const Hang: Tool<Record<string, never>> = {
  name: 'Hang',
  description: 'Runs until cancelled.',
  input: z.object({}),
  readOnly: true,
  subject: () => ({ kind: 'none' }),
  execute: (_i, ctx) =>
    new Promise((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new Error('hang interrupted')), { once: true });
      onHang();
    }),
};

const unused = (what: string) => () => {
  throw new Error(`the loop tests do not use ${what}`);
};

function toolContext(cwd: string): Omit<ToolContext, 'signal' | 'toolUseId' | 'onProgress'> {
  const workspace: Workspace = {
    roots: () => [cwd], readFile: unused('readFile'), stat: unused('stat'), list: unused('list'), realpath: unused('realpath'), ripgrepPath: () => undefined,
  };
  const proposals: Proposals = { propose: unused('proposals') };
  const shell: Shell = { run: unused('shell'), dispose: () => {} };
  return { cwd, workspace, proposals, shell, session: { readFiles: new Map(), todos: [], scratchDir: join(cwd, '.scratch') }, clock: systemClock };
}

const use = (id: string, name: string, input: unknown, extra: Partial<Extract<ScriptedBlock, { type: 'tool_use' }>> = {}): ScriptedBlock => ({ type: 'tool_use', id, name, input, ...extra });
const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });

async function collect(conv: Conversation, text: string, signal = new AbortController().signal, onEvent?: (e: AgentEvent) => void): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const ev of conv.send(text, signal)) {
    out.push(ev);
    onEvent?.(ev);
  }
  return out;
}

const of = <T extends AgentEvent['type']>(events: AgentEvent[], type: T): Ev<T>[] => events.filter((e) => e.type === type) as Ev<T>[];
const last = (events: AgentEvent[]) => events[events.length - 1] as Ev<'turn_end'>;
const byLabel = (label: string) => {
  const r = runs.find((x) => x.label === label);
  assert.ok(r, `${label} ran`);
  return r;
};

/** The tool results a recorded request sent back, as [id, content, isError] in wire order. */
function sentResults(api: 'anthropic' | 'openai', body: any): [string, string, boolean][] { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (api === 'openai') {
    return body.messages.filter((m: any) => m.role === 'tool').map((m: any) => [m.tool_call_id, m.content, String(m.content).startsWith('Error: ')]); // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  return body.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])) // eslint-disable-line @typescript-eslint/no-explicit-any
    .filter((b: any) => b.type === 'tool_result') // eslint-disable-line @typescript-eslint/no-explicit-any
    .map((b: any) => [b.tool_use_id, b.content, b.is_error === true]); // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('agent loop with tools', () => {
  let llm: FakeLlm;
  let cwd: string;

  const conversation = (id: ProviderId, over: Partial<ConversationOptions> = {}) => {
    const provider = createProvider({ provider: id, apiKey: 'test-key', baseURL: id === 'anthropic' ? llm.anthropicBaseUrl : llm.openaiBaseUrl });
    return new Conversation({
      provider, model: 'test-model', system: 'Test.', tools: [Probe, Mutate, Fail, Hang], toolContext: toolContext(cwd),
      retry: { ...DEFAULT_RETRY, maxAttempts: 1 }, ...over,
    });
  };

  beforeEach(async () => {
    llm = await startFakeLlm();
    cwd = mkdtempSync(join(tmpdir(), 'tandem-loop-'));
    runs = [];
    onHang = () => {};
  });
  afterEach(async () => {
    await llm.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('runs a tool whose JSON arrives in pieces, sends its result back, ends on a reply without calls, sums usage', async () => {
    llm.push(
      { content: [{ type: 'text', text: 'Probing.' }, use('tu_1', 'Probe', { label: 'alpha', ms: 5 }, { jsonChunks: 6 })], usage: { input: 10, output: 5 } },
      { ...say('All done.'), usage: { input: 20, output: 7, cacheRead: 3 } },
    );
    const conv = conversation('anthropic');
    const events = await collect(conv, 'probe alpha');
    assert.deepEqual(runs.map((r) => r.label), ['alpha']);
    const call = of(events, 'tool_call');
    assert.deepEqual(call.map((c) => [c.id, c.name, c.input]), [['tu_1', 'Probe', { label: 'alpha', ms: 5 }]]);
    assert.deepEqual(of(events, 'tool_result').map((r) => [r.toolUseId, r.content, r.isError]), [['tu_1', 'probed alpha', false]]);
    assert.equal(llm.requests.length, 2);
    assert.deepEqual(sentResults('anthropic', llm.requests[1].body), [['tu_1', 'probed alpha', false]]);
    assert.equal(llm.requests[1].body.messages[1].content[1].id, 'tu_1');
    assert.ok(llm.requests[0].body.tools.some((t: { name: string }) => t.name === 'Probe'), 'the tools were offered');
    const end = last(events);
    assert.equal(end.type, 'turn_end');
    assert.equal(end.status, 'completed');
    assert.equal(end.turns, 2);
    assert.deepEqual(end.usage, { inputTokens: 30, outputTokens: 12, cacheReadTokens: 3, cacheWriteTokens: 0 });
    assert.deepEqual(conv.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  });

  for (const id of ['anthropic', 'openai'] as ProviderId[]) {
    it(`${id}: runs three read-only calls concurrently and returns results in call order`, async () => {
      llm.push(
        { content: [use('a', 'Probe', { label: 'a', ms: 240 }), use('b', 'Probe', { label: 'b', ms: 140 }), use('c', 'Probe', { label: 'c', ms: 40 })] },
        say('ok'),
      );
      const events = await collect(conversation(id), 'probe three');
      assert.equal(last(events).status, 'completed');
      assert.deepEqual(runs.map((r) => r.label), ['c', 'b', 'a'], 'finished shortest first');
      const [a, b, c] = ['a', 'b', 'c'].map(byLabel);
      assert.ok(Math.max(a.start, b.start, c.start) < Math.min(a.end, b.end, c.end), 'the three intervals overlap');
      const message = of(events, 'tool_results')[0].message;
      assert.deepEqual(message.content.map((r) => (r.type === 'tool_result' ? r.toolUseId : r.type)), ['a', 'b', 'c']);
      assert.deepEqual(sentResults(id, llm.requests[1].body), [['a', 'probed a', false], ['b', 'probed b', false], ['c', 'probed c', false]]);
    });

    it(`${id}: runs mutating calls alone and in order, also between read-only ones`, async () => {
      llm.push(
        {
          content: [
            use('m1', 'Mutate', { label: 'm1' }), use('p1', 'Probe', { label: 'p1', ms: 80 }), use('p2', 'Probe', { label: 'p2', ms: 80 }),
            use('m2', 'Mutate', { label: 'm2' }), use('m3', 'Mutate', { label: 'm3' }), use('p3', 'Probe', { label: 'p3', ms: 20 }),
          ],
        },
        say('ok'),
      );
      const events = await collect(conversation(id), 'mix');
      assert.equal(last(events).status, 'completed');
      const [m1, p1, p2, m2, m3, p3] = ['m1', 'p1', 'p2', 'm2', 'm3', 'p3'].map(byLabel);
      assert.ok(m1.end <= p1.start && m1.end <= p2.start, 'm1 finished before the probes started');
      assert.ok(Math.max(p1.start, p2.start) < Math.min(p1.end, p2.end), 'adjacent read-only calls overlap');
      assert.ok(Math.max(p1.end, p2.end) <= m2.start, 'm2 waited for the probes');
      assert.ok(m2.end <= m3.start, 'm3 waited for m2');
      assert.ok(m3.end <= p3.start, 'p3 waited for m3');
      assert.deepEqual(runs.filter((r) => r.tool === 'Mutate').map((r) => r.label), ['m1', 'm2', 'm3']);
      assert.deepEqual(sentResults(id, llm.requests[1].body).map((r) => r[0]), ['m1', 'p1', 'p2', 'm2', 'm3', 'p3']);
    });
  }

  it('answers malformed JSON, an unknown tool and schema-invalid input with error results, running nothing', async () => {
    llm.push(
      {
        content: [
          use('bad_json', 'Probe', null, { rawJson: '{"label": ' }),
          use('unknown', 'Teleport', { to: 'mars' }),
          use('bad_schema', 'Probe', { label: 42 }),
        ],
      },
      say('sorry'),
    );
    const events = await collect(conversation('anthropic'), 'go');
    assert.deepEqual(runs, [], 'nothing ran');
    const results = of(events, 'tool_result');
    assert.deepEqual(results.map((r) => [r.toolUseId, r.isError]), [['bad_json', true], ['unknown', true], ['bad_schema', true]]);
    assert.match(results[0].content, /^Invalid input for Probe: not valid JSON \(\{"label": \)\. Nothing was run\.$/);
    assert.match(results[1].content, /^Unknown tool "Teleport"\. Available tools: Probe, Mutate, Fail, Hang\.$/);
    assert.match(results[2].content, /^Invalid input for Probe: label: .*Nothing was run\.$/);
    const sent = sentResults('anthropic', llm.requests[1].body);
    assert.deepEqual(sent.map((r) => [r[0], r[2]]), [['bad_json', true], ['unknown', true], ['bad_schema', true]]);
    assert.equal(last(events).status, 'completed');
  });

  it('stops when the same call fails three times', async () => {
    const failing: ScriptedReply = { content: [use('f', 'Fail', { why: 'disk full' })] };
    llm.push(failing, failing, failing, say('never requested'));
    const events = await collect(conversation('anthropic'), 'try');
    assert.equal(runs.length, 3);
    assert.equal(llm.requests.length, 3);
    assert.equal(llm.pending(), 1);
    const errors = of(events, 'error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].kind, 'repeated_failure');
    assert.match(errors[0].message, /Fail failed 3 times with the same input \(failed because disk full\)/);
    assert.equal(last(events).status, 'repeated_failure');
    assert.equal(last(events).turns, 3);
    assert.equal(typeBeforeError(events), 'tool_results', 'the third result is in the history before the stop');
  });

  it('stops at maxTurns', async () => {
    const probing = (n: number): ScriptedReply => ({ content: [use(`p${n}`, 'Probe', { label: `p${n}`, ms: 1 })] });
    llm.push(probing(1), probing(2), probing(3));
    const events = await collect(conversation('anthropic', { maxTurns: 2 }), 'loop');
    assert.equal(llm.requests.length, 2);
    assert.deepEqual(runs.map((r) => r.label), ['p1', 'p2']);
    const errors = of(events, 'error');
    assert.deepEqual(errors.map((e) => e.kind), ['max_turns']);
    assert.match(errors[0].message, /Stopped after 2 model requests/);
    assert.equal(last(events).status, 'max_turns');
    assert.equal(last(events).turns, 2);
  });

  it('keeps the partial text after an abort mid-stream', async () => {
    llm.push({ content: [{ type: 'text', text: 'one two three four five six seven eight' }, use('x', 'Mutate', { label: 'x' })], delayMs: 40 });
    const conv = conversation('anthropic');
    const ac = new AbortController();
    let shown = '';
    const events = await collect(conv, 'talk', ac.signal, (e) => {
      if (e.type === 'text_delta') {
        shown += e.text;
        if (shown.split(' ').length > 2) ac.abort();
      }
    });
    assert.equal(last(events).status, 'aborted');
    assert.ok(!events.some((e) => e.type === 'tool_call' || e.type === 'error'));
    assert.deepEqual(runs, []);
    assert.ok(shown && shown !== 'one two three four five six seven eight', `shown: ${shown}`);
    assert.deepEqual(conv.messages[conv.messages.length - 1], { role: 'assistant', content: [{ type: 'text', text: shown }] });
  });

  it('gives every call of the message exactly one result when aborted mid-tool, and the next request is valid', async () => {
    llm.push({ content: [use('p', 'Probe', { label: 'p', ms: 120 }), use('h', 'Hang', {}), use('m', 'Mutate', { label: 'm' })] });
    const conv = conversation('anthropic');
    const ac = new AbortController();
    onHang = () => setTimeout(() => ac.abort(), 20);
    const events = await collect(conv, 'work', ac.signal);
    const results = of(events, 'tool_result');
    assert.deepEqual(results.map((r) => r.toolUseId).sort(), ['h', 'm', 'p']);
    const byId = new Map(results.map((r) => [r.toolUseId, r]));
    assert.equal(byId.get('h')!.content, CANCELLED);
    assert.equal(byId.get('m')!.content, CANCELLED);
    assert.match(CANCELLED, /^Cancelled/);
    assert.equal(byId.get('p')!.isError, false, 'the probe ignored the abort and finished');
    assert.match(byId.get('p')!.content, /^probed p\n\(The user stopped the agent/);
    assert.deepEqual(runs.map((r) => r.tool), ['Probe'], 'the mutating call after the abort never ran');
    assert.equal(last(events).status, 'aborted');
    assert.deepEqual(of(events, 'tool_results')[0].message.content.map((b) => (b.type === 'tool_result' ? b.toolUseId : '')), ['p', 'h', 'm']);

    llm.push(say('resumed'));
    const next = await collect(conv, 'continue');
    assert.equal(last(next).status, 'completed');
    const body = llm.requests[1].body;
    assert.deepEqual(body.messages.map((m: { role: string }) => m.role), ['user', 'assistant', 'user']);
    const uses = body.messages[1].content.filter((b: { type: string }) => b.type === 'tool_use').map((b: { id: string }) => b.id);
    assert.deepEqual(uses, ['p', 'h', 'm']);
    assert.deepEqual(sentResults('anthropic', body).map((r) => r[0]), uses);
    assert.deepEqual([body.messages[2].content[3].type, body.messages[2].content[3].text], ['text', 'continue']);
  });

  describe('permissions', () => {
    const twoCalls: ScriptedReply = { content: [use('r', 'Probe', { label: 'inside.txt', ms: 1 }), use('w', 'Mutate', { label: 'file.txt' })] };

    it('denies a mutating call in default mode when nobody can approve, and tells the model why', async () => {
      llm.push(twoCalls, say('understood'));
      const conv = conversation('anthropic', { permissions: new PermissionPolicy('default', {}, [cwd]) });
      const events = await collect(conv, 'change it');
      assert.deepEqual(runs.map((r) => r.label), ['inside.txt'], 'the read ran, the write did not');
      const perms = of(events, 'permission');
      assert.deepEqual(perms.map((p) => [p.toolUseId, p.decision, p.by]), [['r', 'allow', 'mode'], ['w', 'deny', 'mode']]);
      const denied = of(events, 'tool_result').find((r) => r.toolUseId === 'w')!;
      assert.equal(denied.isError, true);
      assert.ok(denied.content.startsWith('Permission denied'), denied.content);
      assert.match(denied.content, /nobody can approve it here/);
      const sent = sentResults('anthropic', llm.requests[1].body).find((r) => r[0] === 'w')!;
      assert.ok(sent[1].startsWith('Permission denied') && sent[2]);
    });

    it('asks the permission engine to prepare once, when the first request is on its way', async () => {
      const seen: number[] = [];
      class Counting extends PermissionPolicy {
        override prepare(): void {
          seen.push(llm.requests.length);
        }
      }
      llm.push(twoCalls, say('understood'));
      llm.push(say('again'));
      const conv = conversation('anthropic', { permissions: new Counting('default', {}, [cwd]) });
      await collect(conv, 'change it');
      await collect(conv, 'once more');
      assert.deepEqual(seen, [1], 'once per conversation, after the first request reached the server');
    });

    it('runs the call when the approver allows it', async () => {
      llm.push(twoCalls, say('done'));
      const asked: ApprovalRequest[] = [];
      const approver: Approver = { ask: async (req) => (asked.push(req), { decision: 'allow' }) };
      const events = await collect(conversation('anthropic', { permissions: new PermissionPolicy('default', {}, [cwd]), approver }), 'change it');
      assert.deepEqual(asked.map((a) => [a.toolUseId, a.toolName, a.summary]), [['w', 'Mutate', join(cwd, 'file.txt')]]);
      assert.deepEqual(runs.map((r) => r.label).sort(), ['file.txt', 'inside.txt']);
      const perm = of(events, 'permission').find((p) => p.toolUseId === 'w')!;
      assert.deepEqual([perm.decision, perm.by], ['allow', 'user']);
      assert.equal(of(events, 'tool_result').find((r) => r.toolUseId === 'w')!.content, 'changed file.txt');
    });

    it('passes the user\'s reason for a denial to the model', async () => {
      llm.push(twoCalls, say('ok'));
      const answer: ApprovalAnswer = { decision: 'deny', message: 'edit the copy in staging/ instead' };
      const approver: Approver = { ask: async () => answer };
      const events = await collect(conversation('anthropic', { permissions: new PermissionPolicy('default', {}, [cwd]), approver }), 'change it');
      assert.ok(!runs.some((r) => r.tool === 'Mutate'));
      const perm = of(events, 'permission').find((p) => p.toolUseId === 'w')!;
      assert.deepEqual([perm.decision, perm.by], ['deny', 'user']);
      const sent = sentResults('anthropic', llm.requests[1].body).find((r) => r[0] === 'w')!;
      assert.equal(sent[1], 'Permission denied: the user declined: edit the copy in staging/ instead.');
      assert.equal(sent[2], true);
    });
  });
});

/** The type of the event just before the error, to see where the loop stopped. */
function typeBeforeError(events: AgentEvent[]): string {
  const i = events.findIndex((e) => e.type === 'error');
  return events[i - 1]?.type ?? '';
}
