// Long sessions through the built CLI against the fake model server given a context window: a
// session whose tool results add up to more than three windows completes, every file is read in
// order, and the user's prompt is still there verbatim at the end; for both providers' wire formats
// (and llama.cpp's and vLLM's refusals). Then `/compact` as the prompt of `tandem -p -c`.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUMMARY_MARKER } from '../../src/core/context/summary';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { Scenario, ScriptedReply } from '../fake-llm/scenario';
import { ensureCliBuilt, runCli } from './harness';

const FILES = 20;
const LIMIT = 24_000;
const PROMPT = 'Read src/f00.txt to src/f19.txt one by one, in order, and tell me "DONE-READING" when you have seen them all.';
const SUMMARY = '## Goal\nRead the twenty files.\n## State\nReading them in order.\n## Decisions\nNone.\n## Next steps\nKeep reading.\n## Files\n- src/';

type Provider = 'anthropic' | 'openai';

/** The text of user-role messages (not tool results) of a request, in either wire format. */
function userTexts(req: RecordedRequest): string[] {
  return (req.body.messages as { role: string; content: unknown }[]).filter((m) => m.role === 'user').flatMap((m) => {
    if (typeof m.content === 'string') return [m.content];
    return (m.content as { type: string; text?: string }[]).flatMap((b) => (b.type === 'text' && b.text ? [b.text] : []));
  });
}

/** Tool results of the request's last message(s), in either wire format. */
function lastResults(req: RecordedRequest): string[] {
  const msgs = req.body.messages as { role: string; content: unknown }[];
  if (req.api === 'openai') {
    const out: string[] = [];
    for (let i = msgs.length - 1; i >= 0 && msgs[i].role === 'tool'; i--) out.unshift(String(msgs[i].content));
    return out;
  }
  const last = msgs[msgs.length - 1];
  return Array.isArray(last.content) ? (last.content as { type: string; content?: unknown }[]).filter((b) => b.type === 'tool_result').map((b) => (typeof b.content === 'string' ? b.content : JSON.stringify(b.content))) : [];
}

const isSummary = (r: RecordedRequest) => JSON.stringify(r.api === 'anthropic' ? r.body.system ?? '' : r.body.messages[0] ?? '').includes(SUMMARY_MARKER);

describe('tandem -p: long sessions with a context window (compaction)', function () {
  this.timeout(120_000);
  let llm: FakeLlm;
  let ws: string;
  let home: string;
  const temps: string[] = [];

  before(async () => {
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    llm.requests.length = 0;
    ws = mkdtempSync(join(tmpdir(), 'tandem-ctx-ws-'));
    home = mkdtempSync(join(tmpdir(), 'tandem-ctx-home-'));
    temps.push(ws, home);
    mkdirSync(join(ws, 'src'));
    for (let i = 0; i < FILES; i++) {
      const id = String(i).padStart(2, '0');
      const lines = [`FILE-${id} begins`, ...Array.from({ length: 190 }, (_, n) => `line ${n} of file ${id}: ${'lorem ipsum dolor sit amet '.repeat(2)}`), `FILE-${id} ends`];
      writeFileSync(join(ws, 'src', `f${id}.txt`), lines.join('\n'));
    }
  });

  function scenario(extra: Partial<Scenario> = {}): Scenario {
    const replies: ScriptedReply[] = Array.from({ length: FILES }, (_, i) => ({
      content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(ws, 'src', `f${String(i).padStart(2, '0')}.txt`) } }],
    }));
    replies.push({ content: [{ type: 'text', text: 'DONE-READING' }] });
    return { replies, contextLimit: LIMIT, autoReplies: [{ systemIncludes: SUMMARY_MARKER, reply: { content: [{ type: 'text', text: SUMMARY }] } }], ...extra };
  }

  const env = (provider: Provider): Record<string, string> =>
    provider === 'anthropic'
      ? { HOME: home, ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0' }
      : { HOME: home, OPENAI_API_KEY: 'k', OPENAI_BASE_URL: llm.openaiBaseUrl, TANDEM_MAX_RETRIES: '0' };
  const model = (provider: Provider) => (provider === 'anthropic' ? 'claude-haiku-4-5' : 'gpt-4o');

  function assertLongSession(stdout: string, provider: Provider): void {
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    const result = lines.at(-1)!;
    assert.equal(result.subtype, 'success', JSON.stringify(result));
    assert.equal(result.result, 'DONE-READING');
    // The results the model was sent add up to more than three windows.
    const main = llm.requests.filter((r) => !isSummary(r) && r.outcome === 'complete');
    const resultTokens = main.reduce((n, r) => n + lastResults(r).join('').length / 4, 0);
    assert.ok(resultTokens >= 3 * LIMIT, `tool results: ${resultTokens} tokens`);
    // Every file reached the model, in order, right after it was read.
    const seen = main.flatMap((r) => lastResults(r).flatMap((c) => /FILE-(\d\d) begins/.exec(c)?.[1] ?? []));
    assert.deepEqual(seen, Array.from({ length: FILES }, (_, i) => String(i).padStart(2, '0')));
    for (const r of main) assert.ok(lastResults(r).every((c) => !/FILE-\d\d begins/.test(c) || /FILE-\d\d ends/.test(c)), 'each file whole');
    // The user's prompt is still there, verbatim, in the last request.
    assert.ok(userTexts(main.at(-1)!).some((t) => t.includes(PROMPT)), `${provider}: the prompt is gone from the last request`);
    // Compactions were reported, and the context at the end fits the window.
    const boundaries = lines.filter((l) => l.type === 'system' && l.subtype === 'compact_boundary');
    assert.ok(boundaries.length >= 1);
    for (const b of boundaries) assert.ok(b.compact_metadata.post_tokens < b.compact_metadata.pre_tokens);
    assert.ok(result.context_tokens > 0 && result.context_tokens <= LIMIT, `context_tokens ${result.context_tokens}`);
    assert.equal(result.context_window, LIMIT);
  }

  for (const provider of ['anthropic', 'openai'] as const) {
    it(`${provider}: completes a session of more than three windows, learning the window from the prompt-too-long error`, async () => {
      llm.load(scenario());
      const r = await runCli(['-p', PROMPT, '--provider', provider, '--model', model(provider), '--output-format', 'stream-json'], { cwd: ws, env: env(provider), timeoutMs: 90_000 });
      assert.equal(r.code, 0, r.stderr + r.stdout.slice(-2000));
      assertLongSession(r.stdout, provider);
      // The refusal happened (that is how the window was learned) and was answered by compacting.
      assert.ok(llm.requests.some((q) => q.outcome === 'fault'));
      assert.ok(r.stdout.includes('"trigger":"overflow"'));
    });
  }

  it('anthropic with "contextWindow" in settings: compacts ahead, so no request is ever refused', async () => {
    mkdirSync(join(home, '.tandem'), { recursive: true });
    writeFileSync(join(home, '.tandem', 'settings.json'), JSON.stringify({ contextWindow: { 'claude-haiku-4-5': LIMIT } }));
    llm.load(scenario());
    const r = await runCli(['-p', PROMPT, '--model', 'claude-haiku-4-5', '--output-format', 'stream-json'], { cwd: ws, env: env('anthropic'), timeoutMs: 90_000 });
    assert.equal(r.code, 0, r.stderr);
    assertLongSession(r.stdout, 'anthropic');
    assert.deepEqual(llm.requests.filter((q) => q.outcome === 'fault'), []);
    assert.ok(!r.stdout.includes('"trigger":"overflow"'));
  });

  for (const style of ['llamacpp', 'vllm'] as const) {
    it(`an OpenAI-compatible server refusing like ${style}: same session completes`, async () => {
      llm.load(scenario({ overflowStyle: style }));
      const r = await runCli(['-p', PROMPT, '--provider', 'openai', '--model', 'local-model', '--output-format', 'stream-json'], { cwd: ws, env: env('openai'), timeoutMs: 90_000 });
      assert.equal(r.code, 0, r.stderr + r.stdout.slice(-1500));
      const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      assert.equal(result.result, 'DONE-READING');
    });
  }

  it('DISABLE_COMPACT: the old behaviour, a clear error instead of a loop', async () => {
    llm.load(scenario());
    const r = await runCli(['-p', PROMPT, '--model', 'claude-haiku-4-5'], { cwd: ws, env: { ...env('anthropic'), DISABLE_COMPACT: '1' }, timeoutMs: 60_000 });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /too long for this model.*\/clear/s);
    assert.equal(llm.requests.filter((q) => q.outcome === 'fault').length, 1);
  });

  it('/compact [instructions] as the prompt of tandem -p -c compacts the session; the next run sends the compacted view', async () => {
    llm.load({ replies: [{ content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(ws, 'src', 'f00.txt') } }] }, { content: [{ type: 'text', text: 'Read it.' }] }], autoReplies: [{ systemIncludes: SUMMARY_MARKER, reply: { content: [{ type: 'text', text: SUMMARY }] } }] });
    const first = await runCli(['-p', 'Read src/f00.txt please'], { cwd: ws, env: env('anthropic') });
    assert.equal(first.code, 0, first.stderr);
    const c = await runCli(['-p', '/compact keep the file names', '-c', '--output-format', 'stream-json'], { cwd: ws, env: env('anthropic') });
    assert.equal(c.code, 0, c.stderr + c.stdout);
    const lines = c.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const boundary = lines.find((l) => l.subtype === 'compact_boundary');
    assert.equal(boundary.compact_metadata.trigger, 'manual');
    assert.equal(boundary.compact_metadata.method, 'summary');
    assert.ok(boundary.compact_metadata.post_tokens < boundary.compact_metadata.pre_tokens);
    assert.equal(lines.at(-1).subtype, 'success');
    const summaryReq = llm.requests.find(isSummary)!;
    assert.match(JSON.stringify(summaryReq.body.messages), /keep the file names/);
    // The session log has the compaction event and still has everything before it.
    const project = join(home, '.tandem', 'projects', readdirOne(join(home, '.tandem', 'projects')));
    const logs = readFileSync(join(project, readdirOne(project)), 'utf8');
    assert.match(logs, /"type":"compaction"/);
    assert.match(logs, /FILE-00 ends/);
    // Resume sends the compacted view: the ledger with the prompt verbatim, the notes as the assistant's, no file content.
    llm.push({ content: [{ type: 'text', text: 'Next.' }] });
    const next = await runCli(['-p', 'what next?', '-c'], { cwd: ws, env: env('anthropic') });
    assert.equal(next.code, 0, next.stderr);
    const req = llm.requests.at(-1)!;
    assert.ok(userTexts(req)[0].includes('Read src/f00.txt please'));
    assert.equal(req.body.messages[1].role, 'assistant');
    assert.match(JSON.stringify(req.body.messages[1].content), /Keep reading/);
    assert.ok(!JSON.stringify(req.body.messages).includes('FILE-00 ends'));
  });
});

function readdirOne(dir: string): string {
  const names = readdirSync(dir);
  assert.equal(names.length, 1, `${dir}: ${names.join(', ')}`);
  return names[0];
}
