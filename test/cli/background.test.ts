// Background commands through the agent loop against the fake model: Bash run_in_background
// returns an id at once, BashOutput (alias TaskOutput) reads what is new, KillShell (alias
// TaskStop) stops it; the permission engine decides as for any command; nothing outlives the
// session (the SDK's close, the CLI's exit), checked by pid.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgent } from '../../src/core/index';
import type { AgentOptions } from '../../src/core/index';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';
import { ensureCliBuilt, runCli } from './harness';
import { alive, until } from '../harness/processes';

const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });
const use = (name: string, input: unknown): ScriptedReply => ({ content: [{ type: 'tool_use', name, input }] });
const lastResult = (r: RecordedRequest): string => {
  const b = r.body.messages.at(-1).content.find((x: { type: string }) => x.type === 'tool_result');
  return typeof b.content === 'string' ? b.content : b.content.map((c: { text: string }) => c.text).join('');
};
const pidFrom = (file: string) => () => {
  try {
    return Number(readFileSync(file, 'utf8').trim()) > 0;
  } catch {
    return false;
  }
};

describe('Background commands (Bash run_in_background, BashOutput, KillShell)', () => {
  let llm: FakeLlm;
  let ws: string;
  let userDir: string;
  before(async () => {
    llm = await startFakeLlm();
  });
  after(() => llm.close());
  beforeEach(() => {
    llm.load({ replies: [] });
    llm.requests.length = 0;
    ws = mkdtempSync(join(tmpdir(), 'tandem-bgsdk-'));
    userDir = mkdtempSync(join(tmpdir(), 'tandem-bgsdk-user-'));
  });
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true });
    rmSync(userDir, { recursive: true, force: true });
  });
  const agent = (opts: Partial<AgentOptions> = {}) =>
    createAgent({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, cwd: ws, userDir, persistSession: false, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0, jitter: 0 }, ...opts });

  it('start, read new output with TaskOutput and a filter, stop with TaskStop; close leaves no process', async () => {
    const a = agent({ permissionMode: 'bypassPermissions' });
    const script = 'echo $$ > server.pid; echo "listening on 8080"; echo "noise"; exec sleep 300';
    llm.push(use('Bash', { command: script, run_in_background: true }), say('started'));
    await a.prompt('start the server');
    const started = lastResult(llm.requests[1]);
    const id = /with id (\S+)\./.exec(started)?.[1];
    assert.ok(id, started);
    await until(pidFrom(join(ws, 'server.pid')), 'the pid file');
    const pid = Number(readFileSync(join(ws, 'server.pid'), 'utf8'));
    assert.deepEqual(a.backgroundCommands().map((j) => [j.id, j.running, j.owner]), [[id, true, 'main']]);

    llm.push(use('TaskOutput', { task_id: id, filter: 'listening' }), say('read'), use('BashOutput', { bash_id: id }), say('read again'));
    await a.prompt('check it');
    const first = lastResult(llm.requests[3]);
    assert.match(first, /<status>running<\/status>/);
    assert.match(first, /listening on 8080/);
    assert.doesNotMatch(first, /noise/, 'the filter keeps matching lines only');
    await a.prompt('check again');
    assert.match(lastResult(llm.requests[5]), /\(no new output\)/, 'output already read is not returned again');

    llm.push(use('TaskStop', { task_id: id }), say('stopped'));
    await a.prompt('stop it');
    assert.match(lastResult(llm.requests[7]), new RegExp(`Stopped background command ${id}`));
    await until(() => !alive(pid), 'the server to stop');

    llm.push(use('Bash', { command: 'echo $$ > second.pid; exec sleep 300', run_in_background: true }), say('again'));
    await a.prompt('start another');
    await until(pidFrom(join(ws, 'second.pid')), 'the second pid');
    const second = Number(readFileSync(join(ws, 'second.pid'), 'utf8'));
    a.close();
    await until(() => !alive(second), 'close() to stop the second command');
  });

  it('a foreground command past its timeout moves to the background: listed, read with BashOutput, stopped with KillShell (checked by pid); the next command keeps the cwd', async () => {
    const a = agent({ permissionMode: 'bypassPermissions' });
    const slow = 'echo $$ > ../slow.pid; cd ..; echo started; until [ -f go ]; do sleep 0.05; done; echo finished-late; exec sleep 300';
    llm.push(use('Bash', { command: 'mkdir -p sub && cd sub' }), use('Bash', { command: slow, timeout: 400 }), use('Bash', { command: 'pwd' }), say('ok'));
    await a.prompt('run it');
    const movedText = lastResult(llm.requests[2]);
    const id = /moved to the background with id (\S+) \(it was still running at its 0\.4 s timeout/.exec(movedText)?.[1];
    assert.ok(id, movedText);
    assert.match(movedText, /Output so far:\nstarted/);
    assert.equal(lastResult(llm.requests[3]).split('\n')[0], join(ws, 'sub'), 'the next command runs in the shell\'s cwd from before');
    assert.deepEqual(a.backgroundCommands().map((j) => [j.id, j.running]), [[id, true]]);
    const pid = Number(readFileSync(join(ws, 'slow.pid'), 'utf8'));
    assert.ok(alive(pid));

    writeFileSync(join(ws, 'go'), '');
    let got = '';
    for (let i = 0; !got.includes('finished-late') && i < 200; i++) {
      llm.push(use('BashOutput', { bash_id: id }), say('read'));
      await a.prompt('check');
      got += lastResult(llm.requests.at(-1)!);
    }
    assert.match(got, /finished-late/);
    assert.doesNotMatch(got, /started/, 'what the model already had is not read again');
    llm.push(use('KillShell', { shell_id: id }), say('stopped'));
    await a.prompt('stop it');
    assert.match(lastResult(llm.requests.at(-1)!), new RegExp(`Stopped background command ${id}`));
    await until(() => !alive(pid), 'the moved command to stop');
    a.close();
  });

  it('a background command goes through the permission engine like any other', async () => {
    const a = agent({ rules: { deny: ['Bash(touch:*)'] } });
    llm.push(use('Bash', { command: 'touch made.txt', run_in_background: true }), say('no'));
    await a.prompt('go');
    assert.match(lastResult(llm.requests[1]), /Permission denied/);
    assert.deepEqual(a.backgroundCommands(), []);
    a.close();
  });

  it('the CLI stops its background commands when it exits (no orphan: checked by pid)', async function () {
    this.timeout(60_000);
    ensureCliBuilt();
    const home = mkdtempSync(join(tmpdir(), 'tandem-bgcli-home-'));
    llm.load({ replies: [use('Bash', { command: 'sleep 300 & echo $! > child.pid; echo $$ > leader.pid; wait', run_in_background: true }), say('started it')] });
    const run = await runCli(['-p', 'start it', '--permission-mode', 'bypassPermissions'], { cwd: ws, env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, HOME: home, TANDEM_MAX_RETRIES: '0' }, timeoutMs: 50_000 });
    rmSync(home, { recursive: true, force: true });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}\n${llm.requests.length}`);
    assert.match(lastResult(llm.requests[1]), /running in the background with id/);
    await until(pidFrom(join(ws, 'leader.pid')), 'the pid files');
    const pids = ['leader.pid', 'child.pid'].map((f) => Number(readFileSync(join(ws, f), 'utf8')));
    await until(() => pids.every((p) => !alive(p)), 'both processes to be gone after the CLI exited');
  });
});
