// End-to-end tests of the headless CLI: the built dist/cli.js runs as a real process in a temp
// workspace, against the fake model server. Each test checks what reached the model (the recorded
// requests) or what happened on disk, not only the exit code.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';
import { CLI, ensureCliBuilt as ensureBuilt } from './harness';


interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  stdin?: string;
  /** Variables to set (or, when undefined, to remove) on top of the test environment. */
  env?: Record<string, string | undefined>;
}

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Every text block of a request's system prompt, joined. */
function systemText(req: RecordedRequest): string {
  const s = req.body.system;
  return typeof s === 'string' ? s : (s as { text: string }[]).map((b) => b.text).join('\n');
}

/** The tool_result blocks of the last user message of a request (Anthropic wire format). */
function lastToolResults(req: RecordedRequest): { tool_use_id: string; content: string; is_error?: boolean }[] {
  const last = req.body.messages[req.body.messages.length - 1];
  assert.equal(last.role, 'user');
  return last.content.filter((b: { type: string }) => b.type === 'tool_result');
}

/** Role and text of every message, for comparing histories. */
function transcript(req: RecordedRequest): string[] {
  return req.body.messages.map((m: { role: string; content: string | { type: string; text?: string }[] }) => {
    const text = typeof m.content === 'string' ? m.content : m.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
    return `${m.role}: ${text}`;
  });
}

const toolUse = (name: string, input: unknown): ScriptedReply => ({ content: [{ type: 'tool_use', name, input }] });
const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });

describe('tandem -p (the built CLI)', function () {
  let llm: FakeLlm;
  let ws: string;
  let home: string;
  const temps: string[] = [];

  const tempDir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };

  function cli(args: string[], opts: RunOptions = {}): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Only what the test sets may reach the CLI: no key or URL from the developer's shell.
    for (const k of Object.keys(env)) if (/^(ANTHROPIC|OPENAI|TANDEM)_/.test(k)) delete env[k];
    Object.assign(env, {
      HOME: home,
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
      // Fail fast if a test runs out of scripted replies; the retry test removes it.
      TANDEM_MAX_RETRIES: '0',
    });
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ws, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
      child.stdin.end(opts.stdin ?? '');
    });
  }

  /** The session logs written under the temp HOME, for any project. */
  function sessionFiles(): string[] {
    const projects = join(home, '.tandem', 'projects');
    if (!existsSync(projects)) return [];
    return readdirSync(projects).flatMap((p) => readdirSync(join(projects, p)).map((f) => join(projects, p, f)));
  }

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm?.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    llm.load({ replies: [] });
    llm.requests.length = 0;
    ws = tempDir('tandem-cli-ws-');
    home = tempDir('tandem-cli-home-');
  });

  describe('output formats', () => {
    it('text: prints the final answer and exits 0', async () => {
      llm.push(say('The answer is 42.'));
      const r = await cli(['-p', 'What is six times seven?']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'The answer is 42.\n');
      assert.equal(r.stderr, '');
      assert.equal(llm.requests.length, 1);
      assert.deepEqual(transcript(llm.requests[0]), ['user: What is six times seven?']);
    });

    it('json: one result object shaped like Claude Code\'s, naming the session logged on disk', async () => {
      llm.push({ content: [{ type: 'text', text: 'Hello there.' }], usage: { input: 123, output: 45 } });
      const r = await cli(['-p', 'hi', '--output-format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout);
      assert.equal(result.type, 'result');
      assert.equal(result.subtype, 'success');
      assert.equal(result.is_error, false);
      assert.equal(result.result, 'Hello there.');
      assert.equal(result.num_turns, 1);
      assert.equal(result.usage.input_tokens, 123);
      assert.equal(result.usage.output_tokens, 45);
      assert.equal(typeof result.duration_ms, 'number');
      assert.match(result.session_id, /^[\w-]{8,}$/);
      const logs = sessionFiles();
      assert.equal(logs.length, 1);
      assert.ok(logs[0].endsWith(`${result.session_id}.jsonl`), logs[0]);
      assert.match(readFileSync(logs[0], 'utf8'), /Hello there\./);
    });

    it('stream-json: system/init first, then assistant and user messages, then the result', async () => {
      writeFileSync(join(ws, 'notes.txt'), 'remember the milk\n');
      llm.push(toolUse('Read', { file_path: join(ws, 'notes.txt') }), say('It says to remember the milk.'));
      const r = await cli(['-p', 'What do my notes say?', '--output-format', 'stream-json']);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => (l.type === 'system' ? `system/${l.subtype}` : l.type)), ['system/init', 'assistant', 'system/permission', 'user', 'assistant', 'result']);
      const [init, call, decision, results, answer, result] = lines;
      assert.equal(decision.tool, 'Read');
      assert.equal(decision.decision, 'allow');
      assert.equal(decision.tool_use_id, call.message.content[0].id);
      assert.ok(decision.reason, 'the decision says why');
      assert.equal(init.subtype, 'init');
      assert.ok(init.tools.includes('Read') && init.tools.includes('Bash'), String(init.tools));
      for (const l of lines) assert.equal(l.session_id, init.session_id);
      assert.equal(call.message.content[0].type, 'tool_use');
      assert.equal(call.message.content[0].name, 'Read');
      assert.equal(results.message.content[0].type, 'tool_result');
      assert.equal(results.message.content[0].tool_use_id, call.message.content[0].id);
      assert.match(results.message.content[0].content, /remember the milk/);
      assert.equal(answer.message.content[0].text, 'It says to remember the milk.');
      assert.equal(result.subtype, 'success');
      assert.equal(result.num_turns, 2);
      // The model got the file's content as the tool result.
      assert.match(lastToolResults(llm.requests[1])[0].content, /remember the milk/);
    });

    it('reads the prompt from stdin when none is given', async () => {
      llm.push(say('Got it.'));
      const r = await cli(['-p'], { stdin: 'Summarise this repository\nin one line.\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Got it.\n');
      assert.deepEqual(transcript(llm.requests[0]), ['user: Summarise this repository\nin one line.']);
    });
  });

  describe('permissions', () => {
    const editFlow = (file: string) => [
      toolUse('Read', { file_path: file }),
      toolUse('Edit', { file_path: file, old_string: 'return a - b;', new_string: 'return a + b;' }),
      say('Fixed the sign.'),
    ];

    it('--permission-mode acceptEdits: Read, Edit, answer; the file changes on disk exactly', async () => {
      const file = join(ws, 'add.js');
      writeFileSync(file, 'function add(a, b) {\n  return a - b;\n}\n');
      llm.push(...editFlow(file));
      const r = await cli(['-p', 'fix add', '--permission-mode', 'acceptEdits']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Fixed the sign.\n');
      assert.equal(readFileSync(file, 'utf8'), 'function add(a, b) {\n  return a + b;\n}\n');
      const editResult = lastToolResults(llm.requests[2])[0];
      assert.ok(!editResult.is_error, editResult.content);
    });

    it('default mode: the Edit is denied, the file is unchanged, the model is told nobody can approve', async () => {
      const file = join(ws, 'add.js');
      const before = 'function add(a, b) {\n  return a - b;\n}\n';
      writeFileSync(file, before);
      llm.push(...editFlow(file));
      const r = await cli(['-p', 'fix add']);
      assert.equal(r.code, 0, r.stderr); // the run itself completed
      assert.equal(r.stdout, 'Fixed the sign.\n');
      assert.equal(readFileSync(file, 'utf8'), before);
      assert.equal(llm.requests.length, 3);
      const denied = lastToolResults(llm.requests[2])[0];
      assert.equal(denied.is_error, true);
      assert.ok(denied.content.startsWith('Permission denied'), denied.content);
      assert.match(denied.content, /nobody can approve/);
      assert.match(denied.content, /non-interactive/);
      assert.doesNotMatch(denied.content, /\.\.$/);
    });

    it('--allowedTools "Bash(echo:*)" runs `echo hi` in default mode', async () => {
      llm.push(toolUse('Bash', { command: 'echo hi' }), say('It printed hi.'));
      const r = await cli(['-p', 'say hi', '--allowedTools', 'Bash(echo:*)']);
      assert.equal(r.code, 0, r.stderr);
      const result = lastToolResults(llm.requests[1])[0];
      assert.ok(!result.is_error, result.content);
      assert.match(result.content, /^hi$/m);
    });

    it('--allowedTools "Bash(echo:*)" does not cover commands chained onto echo', async () => {
      const sneaky = ['echo hi; touch pwned', 'echo hi && touch pwned2', 'echo $(touch pwned3)', 'echo hi > pwned4'];
      llm.push({ content: sneaky.map((command) => ({ type: 'tool_use' as const, name: 'Bash', input: { command } })) }, say('Done.'));
      const r = await cli(['-p', 'say hi', '--allowedTools', 'Bash(echo:*)']);
      assert.equal(r.code, 0, r.stderr);
      const results = lastToolResults(llm.requests[1]);
      assert.equal(results.length, sneaky.length);
      for (const res of results) {
        assert.equal(res.is_error, true);
        assert.ok(res.content.startsWith('Permission denied'), res.content);
      }
      for (const f of ['pwned', 'pwned2', 'pwned3', 'pwned4']) assert.ok(!existsSync(join(ws, f)), `${f} was created`);
    });

    it('--disallowedTools Bash: Bash is not offered to the model, and a call to it runs nothing', async () => {
      llm.push(toolUse('Bash', { command: 'touch made-by-bash' }), say('Could not.'));
      const r = await cli(['-p', 'touch a file', '--disallowedTools', 'Bash', '--permission-mode', 'bypassPermissions', '--output-format', 'stream-json']);
      assert.equal(r.code, 0, r.stderr);
      const names: string[] = llm.requests[0].body.tools.map((t: { name: string }) => t.name);
      assert.ok(!names.includes('Bash'), names.join(','));
      assert.ok(names.includes('Read') && names.includes('Edit'), names.join(','));
      const init = JSON.parse(r.stdout.split('\n')[0]);
      assert.deepEqual(init.tools, names);
      assert.match(lastToolResults(llm.requests[1])[0].content, /Unknown tool "Bash"/);
      assert.ok(!existsSync(join(ws, 'made-by-bash')));
    });

    it('--permission-mode plan denies Write (reads still work)', async () => {
      writeFileSync(join(ws, 'a.txt'), 'alpha\n');
      llm.push(
        { content: [
          { type: 'tool_use', name: 'Read', input: { file_path: join(ws, 'a.txt') } },
          { type: 'tool_use', name: 'Write', input: { file_path: join(ws, 'plan.md'), content: '# plan\n' } },
        ] },
        say('Here is the plan.'),
      );
      const r = await cli(['-p', 'plan it', '--permission-mode', 'plan']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!existsSync(join(ws, 'plan.md')));
      const [read, write] = lastToolResults(llm.requests[1]);
      assert.match(read.content, /alpha/);
      assert.equal(write.is_error, true);
      assert.ok(write.content.startsWith('Permission denied'), write.content);
      assert.match(write.content, /plan mode/);
    });
  });

  describe('limits and prompts', () => {
    it('--max-turns 1 stops after one request with error_max_turns and a non-zero exit', async () => {
      writeFileSync(join(ws, 'a.txt'), 'alpha\n');
      llm.push(toolUse('Read', { file_path: join(ws, 'a.txt') }), say('never sent'));
      const r = await cli(['-p', 'read a', '--max-turns', '1', '--output-format', 'json']);
      assert.notEqual(r.code, 0);
      const result = JSON.parse(r.stdout);
      assert.equal(result.subtype, 'error_max_turns');
      assert.equal(result.is_error, true);
      assert.equal(result.num_turns, 1);
      assert.equal(llm.requests.length, 1);
      assert.equal(llm.pending(), 1);
    });

    it('--append-system-prompt ends the system prompt', async () => {
      llm.push(say('ok'));
      const extra = 'Answer in French. MARKER-append-7';
      const r = await cli(['-p', 'hi', '--append-system-prompt', extra]);
      assert.equal(r.code, 0, r.stderr);
      const system = systemText(llm.requests[0]);
      assert.ok(system.trimEnd().endsWith(extra), system.slice(-300));
    });

    it('AGENTS.md in the workspace is part of the system prompt', async () => {
      writeFileSync(join(ws, 'AGENTS.md'), '# Rules\nRun `make check` before finishing. MARKER-agents-3\n');
      llm.push(say('ok'));
      const r = await cli(['-p', 'hi']);
      assert.equal(r.code, 0, r.stderr);
      const system = systemText(llm.requests[0]);
      assert.match(system, /MARKER-agents-3/);
      assert.ok(system.includes(join(ws, 'AGENTS.md')), 'names the file it came from');
    });
  });

  describe('sessions', () => {
    async function twoSessions(): Promise<{ first: string; second: string }> {
      llm.push(say('First answer.'), say('Second answer.'));
      const a = await cli(['-p', 'first question', '--output-format', 'json']);
      const b = await cli(['-p', 'second question', '--output-format', 'json']);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      return { first: JSON.parse(a.stdout).session_id, second: JSON.parse(b.stdout).session_id };
    }

    it('--resume <id> continues that session (not the latest one)', async () => {
      const { first, second } = await twoSessions();
      assert.notEqual(first, second);
      llm.push(say('Follow-up answer.'));
      const r = await cli(['-p', 'follow-up', '--resume', first, '--output-format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).session_id, first);
      assert.deepEqual(transcript(llm.requests[2]), ['user: first question', 'assistant: First answer.', 'user: follow-up']);
      const log = sessionFiles().find((f) => f.endsWith(`${first}.jsonl`))!;
      assert.match(readFileSync(log, 'utf8'), /Follow-up answer\./);
    });

    it('--continue continues the most recent session in this folder', async () => {
      const { second } = await twoSessions();
      llm.push(say('Continued.'));
      const r = await cli(['-p', 'and then?', '--continue', '--output-format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).session_id, second);
      assert.deepEqual(transcript(llm.requests[2]), ['user: second question', 'assistant: Second answer.', 'user: and then?']);
      assert.equal(sessionFiles().length, 2, 'no new session was started');
    });

    it('--fork-session with --resume continues in a new session and leaves the original as it was', async () => {
      const { first } = await twoSessions();
      const original = sessionFiles().find((f) => f.endsWith(`${first}.jsonl`))!;
      const before = readFileSync(original, 'utf8');
      llm.push(say('Forked answer.'));
      const r = await cli(['-p', 'in the fork', '--resume', first, '--fork-session', '--output-format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const forked = JSON.parse(r.stdout).session_id as string;
      assert.notEqual(forked, first, 'a new session id');
      assert.deepEqual(transcript(llm.requests[2]), ['user: first question', 'assistant: First answer.', 'user: in the fork']);
      assert.equal(readFileSync(original, 'utf8'), before, 'the original log is unchanged');
      const copy = readFileSync(sessionFiles().find((f) => f.endsWith(`${forked}.jsonl`))!, 'utf8');
      assert.match(copy, /first question[^]*Forked answer\./);
      assert.match(copy.split('\n')[0], new RegExp(`"forkedFrom":\\{"sessionId":"${first}"`));
    });

    it('--fork-session alone is refused: it needs a session to fork', async () => {
      const r = await cli(['-p', 'x', '--fork-session']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--fork-session needs --resume or --continue/);
    });
  });

  describe('failures', () => {
    it('a bad flag: exit 2 and one line on stderr pointing to --help', async () => {
      const r = await cli(['-p', 'hi', '--bogus']);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /--bogus/);
      assert.match(lines[0], /--help/);
      assert.equal(llm.requests.length, 0);
      assert.deepEqual(sessionFiles(), []);
    });

    it('no API key: exit 1 and one line naming ANTHROPIC_API_KEY', async () => {
      const r = await cli(['-p', 'hi'], { env: { ANTHROPIC_API_KEY: undefined } });
      assert.equal(r.code, 1);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /ANTHROPIC_API_KEY/);
      assert.equal(llm.requests.length, 0);
      assert.deepEqual(sessionFiles(), []);
    });

    it('an unreachable server: exit 1, saying it could not reach the provider', async () => {
      const port = await closedPort();
      const started = Date.now();
      const r = await cli(['-p', 'hi'], { env: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` } });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /could not reach anthropic/i);
      assert.ok(Date.now() - started < 10_000, 'no backoff with TANDEM_MAX_RETRIES=0');
      // The failure is in the session log too, so a resume shows what happened.
      const logs = sessionFiles();
      assert.equal(logs.length, 1);
      assert.match(readFileSync(logs[0], 'utf8'), /"type":"error".*Could not reach/i);
    });

    it('a 429 with retry-after 0 is retried at once; --verbose says so on stderr', async () => {
      llm.push({ fault: { status: 429, retryAfter: 0 } }, say('Made it.'));
      const r = await cli(['-p', 'hi', '--verbose'], { env: { TANDEM_MAX_RETRIES: undefined } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Made it.\n');
      assert.match(r.stderr, /rate limit.*Retrying in 0 ms, attempt 2 of \d+/);
      assert.equal(llm.requests.length, 2);
      assert.deepEqual(llm.requests.map((q) => q.outcome), ['fault', 'complete']);
    });

    it('--fallback-model takes over when the main model is overloaded, and says so', async () => {
      llm.push({ fault: { status: 529, retryAfter: 0 } }, { fault: { status: 529, retryAfter: 0 } }, { fault: { status: 529, retryAfter: 0 } }, say('From the fallback.'));
      const r = await cli(['-p', 'hi', '--verbose', '--model', 'claude-opus-4-5', '--fallback-model', 'claude-haiku-4-5'], { env: { TANDEM_MAX_RETRIES: undefined } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'From the fallback.\n');
      assert.deepEqual(llm.requests.map((q) => q.body.model), ['claude-opus-4-5', 'claude-opus-4-5', 'claude-opus-4-5', 'claude-haiku-4-5']);
      assert.match(r.stderr, /Switching to the fallback model claude-haiku-4-5/);
    });
  });

  describe('OpenAI provider', () => {
    it('--provider openai runs a tool flow against the Chat Completions API', async () => {
      const file = join(ws, 'hello.py');
      llm.push(
        { api: 'openai', content: [{ type: 'tool_use', id: 'call_w1', name: 'Write', input: { file_path: file, content: 'print("hello")\n' } }] },
        { api: 'openai', content: [{ type: 'text', text: 'Wrote hello.py.' }] },
      );
      const r = await cli(['-p', 'write hello.py', '--provider', 'openai', '--permission-mode', 'acceptEdits'], {
        env: { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: llm.openaiBaseUrl },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Wrote hello.py.\n');
      assert.equal(readFileSync(file, 'utf8'), 'print("hello")\n');
      assert.deepEqual(llm.requests.map((q) => `${q.api} ${q.path}`), ['openai /v1/chat/completions', 'openai /v1/chat/completions']);
      assert.ok(llm.requests[0].body.tools.some((t: { function: { name: string } }) => t.function.name === 'Write'));
      const toolMsg = llm.requests[1].body.messages.find((m: { role: string }) => m.role === 'tool');
      assert.equal(toolMsg.tool_call_id, 'call_w1');
    });

    it('--provider gemini sends GEMINI_API_KEY (never OPENAI_API_KEY) on Chat Completions, with --reasoning-effort', async () => {
      llm.push({ api: 'openai', content: [{ type: 'text', text: 'From Gemini.' }] });
      const r = await cli(['-p', 'hi', '--provider', 'gemini', '--base-url', llm.openaiBaseUrl, '--model', 'gemini-3.8-flash', '--reasoning-effort', 'low', '--output-format', 'json'], {
        env: { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, OPENAI_API_KEY: 'openai-key', GEMINI_API_KEY: 'gemini-key' },
      });
      assert.equal(r.code, 0, r.stderr);
      const req = llm.requests[0];
      assert.deepEqual([req.path, req.headers.authorization, req.body.model, req.body.reasoning_effort], ['/v1/chat/completions', 'Bearer gemini-key', 'gemini-3.8-flash', 'low']);
      assert.ok(JSON.parse(r.stdout).total_cost_usd > 0, 'priced from the model table');
    });

    it('--openai-wire-api responses and --reasoning-effort reach a Responses request (stateless, encrypted reasoning asked for)', async () => {
      llm.push({ api: 'responses', content: [{ type: 'text', text: 'Reasoned.' }] });
      const r = await cli(['-p', 'hi', '--provider', 'openai', '--openai-wire-api', 'responses', '--reasoning-effort', 'xhigh', '--model', 'gpt-6.2-sol'], {
        env: { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: llm.openaiBaseUrl },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Reasoned.\n');
      const req = llm.requests[0];
      assert.deepEqual([req.path, req.body.reasoning?.effort, req.body.store, req.body.include], ['/v1/responses', 'xhigh', false, ['reasoning.encrypted_content']]);
    });
  });
});
