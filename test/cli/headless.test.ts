// Claude Code's headless flags and output shapes, through the built CLI against the fake server.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { ensureCliBuilt, runCli } from './harness';

const FIELDS = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'claude-code-stream-json.fields.json'), 'utf8')) as Record<string, string[]>;
// Tandem's own additions (context_tokens/context_window, from compaction) are not Claude Code's fields.
const keys = (o: unknown) => Object.keys(o as object).filter((k) => !k.startsWith('context_')).sort();
const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('tandem -p: Claude Code headless parity', function () {
  this.timeout(300_000);
  let llm: FakeLlm;
  const temps: string[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'tandem-headless-'));
    temps.push(d);
    return d;
  };
  const env = () => ({ HOME: temp(), ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0' });

  before(async () => {
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  it('stream-json lines carry exactly the fields of Claude Code\'s saved transcript, including a permission denial', async () => {
    llm.load({
      replies: [
        { content: [{ type: 'text', text: 'Writing.' }, { type: 'tool_use', id: 'tu_w', name: 'Write', input: { file_path: 'x.txt', content: 'x' } }] },
        { content: [{ type: 'text', text: 'Could not write.' }] },
      ],
    });
    const r = await runCli(['-p', 'write x', '--output-format', 'stream-json', '--verbose', '--include-partial-messages', '--permission-mode', 'dontAsk', '--model', 'claude-sonnet-5-5'], { cwd: temp(), env: env(), timeoutMs: 100_000 });
    const out = lines(r.stdout);
    const init = out[0];
    assert.deepEqual(keys(init), [...FIELDS['system/init']].sort());
    assert.equal(init.permissionMode, 'dontAsk');
    const assistant = out.find((l) => l.type === 'assistant')!;
    assert.deepEqual(keys(assistant), [...FIELDS.assistant].sort());
    assert.deepEqual(keys(assistant.message), [...FIELDS['assistant.message']].sort());
    const user = out.find((l) => l.type === 'user')!;
    assert.deepEqual(keys(user), [...FIELDS.user].sort());
    const events = out.filter((l) => l.type === 'stream_event');
    assert.ok(events.length > 3, 'partial messages streamed');
    for (const e of events) assert.deepEqual(keys(e), [...FIELDS.stream_event].sort());
    assert.deepEqual(events.map((e) => e.event.type).slice(0, 3), ['message_start', 'content_block_start', 'content_block_delta']);
    const result = out.at(-1)!;
    assert.deepEqual(keys(result), [...FIELDS['result/success']].sort());
    assert.equal(result.subtype, 'success');
    assert.deepEqual(keys(result.usage), [...FIELDS['result.usage']].sort());
    assert.equal(result.permission_denials.length, 1, 'dontAsk refused the Write');
    assert.deepEqual(keys(result.permission_denials[0]), [...FIELDS.permission_denial].sort());
    assert.deepEqual(result.permission_denials[0], { tool_name: 'Write', tool_use_id: 'tu_w', tool_input: { file_path: 'x.txt', content: 'x' } });
    assert.ok(typeof result.total_cost_usd === 'number' && result.total_cost_usd > 0, 'the default Claude model is priced');
  });

  it('--input-format stream-json runs a multi-turn session from JSON lines, one result per turn', async () => {
    llm.load({ replies: [{ content: [{ type: 'text', text: 'first answer' }] }, { content: [{ type: 'text', text: 'second answer' }] }] });
    const stdin = [
      JSON.stringify({ type: 'user', message: { role: 'user', content: 'one' } }),
      JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: 'two' }] } }),
    ].join('\n');
    const before = llm.requests.length;
    const r = await runCli(['-p', '--input-format', 'stream-json', '--output-format', 'stream-json'], { cwd: temp(), env: env(), stdin, timeoutMs: 100_000 });
    assert.equal(r.code, 0, r.stderr);
    const results = lines(r.stdout).filter((l) => l.type === 'result');
    assert.deepEqual(results.map((x) => x.result), ['first answer', 'second answer']);
    assert.equal(new Set(results.map((x) => x.session_id)).size, 1, 'one session');
    const second = llm.requests[before + 1].body.messages;
    assert.deepEqual(second.map((m: { role: string }) => m.role), ['user', 'assistant', 'user'], 'the second turn sees the first');
  });

  it('--max-budget-usd stops a run that passes it with error_max_budget_usd', async () => {
    llm.load({ replies: [{ content: [{ type: 'tool_use', id: 't1', name: 'LS', input: { path: '.' } }], usage: { input: 1_000_000, output: 10 } }, { content: [{ type: 'text', text: 'never' }] }] });
    const r = await runCli(['-p', 'spend', '--output-format', 'json', '--max-budget-usd', '0.5', '--model', 'claude-sonnet-5-5'], { cwd: temp(), env: env(), timeoutMs: 100_000 });
    const result = JSON.parse(r.stdout);
    assert.equal(result.subtype, 'error_max_budget_usd');
    assert.equal(result.is_error, true);
    assert.deepEqual(keys(result), [...FIELDS['result/error']].sort());
    assert.equal(r.code, 1);
  });

  it('--system-prompt replaces the system prompt; --allowedTools Read Grep keeps the prompt that follows', async () => {
    llm.load({ replies: [{ content: [{ type: 'text', text: 'ok' }] }] });
    const before = llm.requests.length;
    const r = await runCli(['-p', '--system-prompt', 'You are terse.', '--allowedTools', 'Read', 'Grep', 'summarize the repo'], { cwd: temp(), env: env(), timeoutMs: 100_000 });
    assert.equal(r.code, 0, r.stderr);
    const body = llm.requests[before].body;
    assert.equal(body.system[0].text, 'You are terse.');
    assert.equal(body.messages[0].content[0].text, 'summarize the repo');
  });

  it('--dangerously-skip-permissions: refused as root unless IS_SANDBOX=1 (exit 2), else bypassPermissions', async () => {
    const refused = await runCli(['-p', 'x', '--dangerously-skip-permissions'], { cwd: temp(), env: env(), timeoutMs: 100_000 });
    if (process.getuid?.() === 0) {
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /root\/sudo/);
    } else assert.notEqual(refused.code, 2, refused.stderr);
    llm.load({ replies: [{ content: [{ type: 'text', text: 'ok' }] }] });
    const ok = await runCli(['-p', 'x', '--dangerously-skip-permissions', '--output-format', 'stream-json', '--verbose'], { cwd: temp(), env: { ...env(), IS_SANDBOX: '1' }, timeoutMs: 100_000 });
    assert.equal(lines(ok.stdout)[0].permissionMode, 'bypassPermissions');
  });
});
