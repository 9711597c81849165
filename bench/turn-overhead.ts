// bench/turn-overhead: what the agent harness costs per turn, as a ratio against a bare loop on the
// official Anthropic SDK, both run side by side in this process against the same local fake model
// server with the same 29 scripted tool-calling replies over a real source tree. The server replies
// instantly, so the wall time between two requests arriving is the client's time: tool execution,
// bookkeeping and request building (plus the server's own streaming, equally in both runs).
// Also: process start to first request for `node dist/cli.js -p`, beside a bare SDK script.
// Figures are printed and written to bench/results/turn-overhead.json; nothing is asserted.
import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageParam, Tool as ApiTool, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MODELS } from '../src/core/llm/types';
import { findRipgrep } from '../src/core/node/ripgrep';
import { createAgent } from '../src/core/sdk/createAgent';
import { startFakeLlm } from '../test/fake-llm/server';
import type { FakeLlm } from '../test/fake-llm/server';
import type { ScriptedBlock, ScriptedReply } from '../test/fake-llm/scenario';

const REPO = path.resolve(__dirname, '..');
const TREE_PACKAGE = 'ajv'; // ~470 files (.ts, .js, .json, .map) in nested folders: a real source tree
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const AIM_RATIO = 1.2;
const AIM_FIRST_REQUEST_MS = 150;
const MODEL = DEFAULT_MODELS.anthropic;
const PROMPT = 'Survey this package: how is a schema compiled into a validator? Read what you need.';

type Call = { name: 'Read' | 'Grep' | 'Glob' | 'LS'; input: Record<string, unknown> };

// ---------------------------------------------------------------------------------------------
// The tree and the scripted session

function listFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? (d as unknown as { path: string }).path, d.name))
    .sort();
}

/** 29 replies of one to three read-only calls each, on real files and folders of the tree. */
function scriptTurns(root: string): Call[][] {
  const files = listFiles(root);
  const lineCount = (f: string) => readFileSync(f, 'utf8').split('\n').length;
  const sources = files
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => ({ f, lines: lineCount(f) }))
    .sort((a, b) => b.lines - a.lines || (a.f < b.f ? -1 : 1))
    .slice(0, 40);
  const dirs = [root, ...new Set(files.map((f) => path.dirname(f)))].filter((d, i, all) => all.indexOf(d) === i).sort();
  const greps: Record<string, unknown>[] = [
    { pattern: 'export (function|const|class) \\w+', glob: '*.ts', output_mode: 'files_with_matches' },
    { pattern: 'function \\w+\\(', path: path.join(root, 'lib'), output_mode: 'content', head_limit: 40 },
    { pattern: 'compile', output_mode: 'count', type: 'ts' },
    { pattern: 'schemaEnv', output_mode: 'content', '-C': 2, head_limit: 60 },
    { pattern: 'throw new (Error|\\w+Error)', output_mode: 'content', glob: '*.{ts,js}', head_limit: 50 },
    { pattern: 'keyword:', '-i': true, output_mode: 'files_with_matches' },
    { pattern: 'import .* from "\\./', path: path.join(root, 'lib', 'compile'), output_mode: 'content' },
  ];
  const globs = ['**/*.ts', 'lib/**/*.ts', '**/*.json', 'dist/compile/**/*.js', '*.md', 'lib/vocabularies/*/index.ts'];
  const kinds: Call['name'][] = ['Read', 'Grep', 'Read', 'Glob', 'Read', 'LS', 'Grep', 'Read'];
  const count = { Read: 0, Grep: 0, Glob: 0, LS: 0 };
  const next = (name: Call['name']): Call => {
    const n = count[name]++;
    if (name === 'Read') {
      const s = sources[n % sources.length];
      const offset = 1 + ((n * 37) % Math.max(1, s.lines - 50));
      return { name, input: { file_path: s.f, offset, limit: 100 + ((n * 53) % 200) } };
    }
    if (name === 'Grep') return { name, input: greps[n % greps.length] };
    if (name === 'Glob') return { name, input: { pattern: globs[n % globs.length] } };
    return { name, input: { path: dirs[(n * 7) % dirs.length] } };
  };
  const perTurn = [1, 2, 1, 3];
  let k = 0;
  return Array.from({ length: 29 }, (_, t) => Array.from({ length: perTurn[t % perTurn.length] }, () => next(kinds[k++ % kinds.length])));
}

function toReplies(turns: Call[][]): ScriptedReply[] {
  const replies: ScriptedReply[] = turns.map((calls, t) => {
    const content: ScriptedBlock[] = t % 3 === 0 ? [{ type: 'text', text: `Step ${t + 1}: let me look at ${calls.map((c) => c.name).join(', ')} next.` }] : [];
    for (const c of calls) content.push({ type: 'tool_use', name: c.name, input: c.input });
    return { content, usage: { input: 2000 + t * 500, output: 80 } };
  });
  replies.push({ content: [{ type: 'text', text: 'The schema is compiled by lib/compile into generated code; done.' }] });
  return replies;
}

// ---------------------------------------------------------------------------------------------
// Request arrival times: the server records every request once its body has arrived and parsed.

let arrivals: number[] = [];
/** Per turn: when the reply was fully streamed and parsed, and when all its tool results were in. */
let replyDone: number[] = [];
let toolsDone: number[] = [];
function stampArrivals(llm: FakeLlm): void {
  const requests = llm.requests;
  requests.push = (...items) => {
    arrivals.push(performance.now());
    return Array.prototype.push.apply(requests, items);
  };
}

interface Phases {
  /** Request arrived → reply streamed, parsed and handed to the loop. */
  reply: number[];
  /** → every tool result in. */
  tools: number[];
  /** → the next request built, sent and arrived. */
  next: number[];
}

interface RunResult {
  /** ms between consecutive requests: one per tool-calling turn. */
  turnMs: number[];
  phases: Phases;
  /** From creating the agent/client to the first request arriving. */
  firstRequestMs: number;
  totalMs: number;
  toolCalls: number;
  toolErrors: number;
  resultChars: number;
}

function finish(t0: number, t1: number, toolCalls: number, toolErrors: number, resultChars: number): RunResult {
  const turnMs = arrivals.slice(1).map((t, i) => t - arrivals[i]);
  const phases: Phases = {
    reply: turnMs.map((_, i) => replyDone[i] - arrivals[i]),
    tools: turnMs.map((_, i) => toolsDone[i] - replyDone[i]),
    next: turnMs.map((_, i) => arrivals[i + 1] - toolsDone[i]),
  };
  return { turnMs, phases, firstRequestMs: arrivals[0] - t0, totalMs: t1 - t0, toolCalls, toolErrors, resultChars };
}

// ---------------------------------------------------------------------------------------------
// The baseline: a bare loop on the SDK with minimal plain tool code.

const BARE_TOOLS: ApiTool[] = [
  { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' }, offset: { type: 'number' }, limit: { type: 'number' } }, required: ['file_path'] } },
  { name: 'Grep', description: 'Search file contents with ripgrep', input_schema: { type: 'object', properties: { pattern: { type: 'string' }, path: { type: 'string' }, glob: { type: 'string' }, output_mode: { type: 'string' } }, required: ['pattern'] } },
  { name: 'Glob', description: 'Find files by glob', input_schema: { type: 'object', properties: { pattern: { type: 'string' }, path: { type: 'string' } }, required: ['pattern'] } },
  { name: 'LS', description: 'List a directory', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
];

function rg(bin: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(bin, ['--no-config', ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (err && err.code !== 1) reject(err);
      else resolve(stdout);
    }),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function bareTool(name: string, i: any, root: string, rgBin: string): Promise<string> {
  if (name === 'Read') {
    const lines = readFileSync(i.file_path, 'utf8').split('\n');
    const start = i.offset ?? 1;
    return lines.slice(start - 1, start - 1 + (i.limit ?? 2000)).map((l, n) => `${String(start + n).padStart(6)}\t${l}`).join('\n');
  }
  if (name === 'Grep') {
    const mode = i.output_mode ?? 'files_with_matches';
    const args = mode === 'files_with_matches' ? ['--files-with-matches', '--sortr=modified'] : ['--with-filename', '--sort=path', mode === 'count' ? '--count' : '--line-number'];
    if (i['-C'] !== undefined) args.push(`--context=${i['-C']}`);
    if (i['-i']) args.push('-i');
    if (i.type) args.push(`--type=${i.type}`);
    if (i.glob) args.push(`--glob=${i.glob}`);
    const where = path.resolve(root, i.path ?? '.');
    const lines = (await rg(rgBin, [...args, '-e', i.pattern, '--', where], where)).split('\n').filter(Boolean);
    return (i.head_limit ? lines.slice(0, i.head_limit) : lines).join('\n') || 'No matches';
  }
  if (name === 'Glob') {
    const dir = path.resolve(root, i.path ?? '.');
    return (await rg(rgBin, ['--files', '--sortr=modified', '--glob', i.pattern, '--', dir], dir)).split('\n').filter(Boolean).slice(0, 100).join('\n');
  }
  // LS: breadth first, at most 1000 entries, indented by depth.
  const out: string[] = [];
  const queue: [string, number][] = [[i.path, 0]];
  while (queue.length && out.length < 1000) {
    const [dir, depth] = queue.shift()!;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      out.push(`${'  '.repeat(depth)}- ${e.name}${e.isDirectory() ? '/' : ''}`);
      if (e.isDirectory()) queue.push([path.join(dir, e.name), depth + 1]);
    }
  }
  return out.join('\n');
}

async function runBare(llm: FakeLlm, replies: ScriptedReply[], root: string, rgBin: string): Promise<RunResult> {
  llm.load({ replies });
  arrivals = [];
  replyDone = [];
  toolsDone = [];
  let toolCalls = 0;
  let toolErrors = 0;
  let resultChars = 0;
  const t0 = performance.now();
  const client = new Anthropic({ apiKey: 'sk-bench', baseURL: llm.anthropicBaseUrl, maxRetries: 0 });
  const messages: MessageParam[] = [{ role: 'user', content: PROMPT }];
  for (;;) {
    const stream = await client.messages.create({ model: MODEL, max_tokens: 8192, system: 'You are a coding assistant.', tools: BARE_TOOLS, messages, stream: true });
    const blocks: ContentBlockParam[] = [];
    const json: string[] = [];
    for await (const ev of stream) {
      if (ev.type === 'content_block_start') {
        const b = ev.content_block;
        blocks[ev.index] = b.type === 'tool_use' ? { type: 'tool_use', id: b.id, name: b.name, input: {} } : { type: 'text', text: '' };
        json[ev.index] = '';
      } else if (ev.type === 'content_block_delta') {
        const b = blocks[ev.index];
        if (ev.delta.type === 'text_delta' && b.type === 'text') b.text += ev.delta.text;
        else if (ev.delta.type === 'input_json_delta') json[ev.index] += ev.delta.partial_json;
      }
    }
    blocks.forEach((b, idx) => {
      if (b.type === 'tool_use') b.input = json[idx] ? JSON.parse(json[idx]) : {};
    });
    replyDone.push(performance.now());
    messages.push({ role: 'assistant', content: blocks });
    const uses = blocks.filter((b) => b.type === 'tool_use');
    if (uses.length === 0) break;
    const results: ToolResultBlockParam[] = await Promise.all(
      uses.map(async (u) => {
        toolCalls++;
        try {
          const content = await bareTool(u.name, u.input, root, rgBin);
          resultChars += content.length;
          return { type: 'tool_result' as const, tool_use_id: u.id, content };
        } catch (err) {
          toolErrors++;
          return { type: 'tool_result' as const, tool_use_id: u.id, content: String(err), is_error: true };
        }
      }),
    );
    toolsDone.push(performance.now());
    messages.push({ role: 'user', content: results });
  }
  return finish(t0, performance.now(), toolCalls, toolErrors, resultChars);
}

// ---------------------------------------------------------------------------------------------
// The harness: createAgent as a library user or the CLI runs it.

async function runHarness(llm: FakeLlm, replies: ScriptedReply[], root: string, tmp: string): Promise<RunResult> {
  llm.load({ replies });
  arrivals = [];
  replyDone = [];
  toolsDone = [];
  let toolCalls = 0;
  let toolErrors = 0;
  let resultChars = 0;
  let status = '';
  const t0 = performance.now();
  const agent = createAgent({
    provider: 'anthropic',
    apiKey: 'sk-bench',
    baseURL: llm.anthropicBaseUrl,
    model: MODEL,
    cwd: root,
    permissionMode: 'default',
    persistSession: true,
    sessionsBaseDir: path.join(tmp, 'sessions'),
    userDir: path.join(tmp, 'user'),
  });
  try {
    for await (const ev of agent.query(PROMPT)) {
      if (ev.type === 'assistant_message') replyDone.push(performance.now());
      else if (ev.type === 'tool_results') toolsDone.push(performance.now());
      else if (ev.type === 'tool_result') {
        toolCalls++;
        if (ev.isError) toolErrors++;
        resultChars += ev.content.length;
      } else if (ev.type === 'turn_end') status = ev.status;
    }
  } finally {
    agent.close();
    rmSync(path.join(os.tmpdir(), 'tandem', agent.sessionId), { recursive: true, force: true }); // its scratch folder
  }
  const t1 = performance.now();
  if (status !== 'completed') throw new Error(`The harness run ended with status "${status}", not completed: check the scripted replies.`);
  return finish(t0, t1, toolCalls, toolErrors, resultChars);
}

// ---------------------------------------------------------------------------------------------
// Process start to first request

interface SpawnResult {
  firstRequestMs: number;
  exitMs: number;
}

async function spawnTimed(llm: FakeLlm, args: string[], cwd: string, env: NodeJS.ProcessEnv, expectRequest: boolean): Promise<SpawnResult> {
  llm.load({ replies: [{ content: [{ type: 'text', text: 'Hello.' }] }] });
  arrivals = [];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const exitMs = performance.now() - t0;
  if (code !== 0 || (expectRequest && arrivals.length === 0)) {
    throw new Error(`${args.slice(0, 2).join(' ')} exited with ${code} after ${Math.round(exitMs)} ms without a request: ${stderr.trim().slice(0, 500)}`);
  }
  return { firstRequestMs: expectRequest ? arrivals[0] - t0 : NaN, exitMs };
}

/**
 * dist/cli.js, built when missing, copied beside the results: other work may rebuild dist (which
 * deletes it first) while the bench runs. The copy stays inside the repo so require.resolve still
 * finds node_modules (the bundled ripgrep lookup uses it).
 */
function snapshotCli(): { cli: string; built: string } {
  const built = path.join(REPO, 'dist', 'cli.js');
  for (let i = 0; i < 40 && !existsSync(built); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  if (!existsSync(built)) {
    console.log('dist/cli.js is missing: building it with `node esbuild.mjs` ...');
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
  }
  const cli = path.join(REPO, 'bench', 'results', 'cli-snapshot.js');
  mkdirSync(path.dirname(cli), { recursive: true });
  copyFileSync(built, cli);
  return { cli, built };
}

/** Newest source file newer than the bundle: the startup figures then describe older code. */
function staleBundle(cli: string): string | undefined {
  const built = statSync(cli).mtimeMs;
  const newer = listFiles(path.join(REPO, 'src')).find((f) => f.endsWith('.ts') && statSync(f).mtimeMs > built);
  return newer ? path.relative(REPO, newer) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Statistics and the report

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}
const median = (xs: number[]) => quantile(xs, 0.5);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ')).join('\n');
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  const root = path.join(tmp, TREE_PACKAGE);
  cpSync(path.join(REPO, 'node_modules', TREE_PACKAGE), root, { recursive: true });
  mkdirSync(path.join(tmp, 'user'), { recursive: true });
  mkdirSync(path.join(tmp, 'home'), { recursive: true });
  const rgBin = findRipgrep();
  if (!rgBin) throw new Error('ripgrep was not found (PATH or @vscode/ripgrep-universal); both loops need it for Grep and Glob.');
  const turns = scriptTurns(root);
  const replies = toReplies(turns);
  const llm = await startFakeLlm();
  stampArrivals(llm);
  try {
    const treeFiles = listFiles(root).length;
    console.log(`Tree: ${TREE_PACKAGE} (${treeFiles} files) in ${root}; ${turns.length} tool turns, ${turns.flat().length} calls, then a final reply.`);
    console.log(`Warm-up, then ${ROUNDS} rounds of bare then harness ...`);
    await runBare(llm, replies, root, rgBin);
    await runHarness(llm, replies, root, tmp);
    const bare: RunResult[] = [];
    const harness: RunResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bare.push(await runBare(llm, replies, root, rgBin));
      harness.push(await runHarness(llm, replies, root, tmp));
    }

    const { cli, built } = snapshotCli();
    const stale = staleBundle(built);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: path.join(tmp, 'home'), ANTHROPIC_API_KEY: 'sk-bench', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl };
    const sdkMain = require.resolve('@anthropic-ai/sdk', { paths: [REPO] });
    const bareScript =
      `const Anthropic = require(${JSON.stringify(sdkMain)});` +
      `const c = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY, baseURL: process.env.ANTHROPIC_BASE_URL, maxRetries: 0 });` +
      `c.messages.create({ model: ${JSON.stringify(MODEL)}, max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], stream: true })` +
      `.then(async (s) => { for await (const e of s) void e; }).catch((e) => { console.error(e); process.exit(1); });`;
    console.log(`Process start to first request: ${STARTUP_RUNS} runs each, alternating ...`);
    // Warms the OS file cache; a copy taken mid-rebuild fails here, so it is taken again once.
    await spawnTimed(llm, [cli, '-p', 'hi'], root, env, true).catch(() => spawnTimed(llm, [snapshotCli().cli, '-p', 'hi'], root, env, true));
    const cliRuns: SpawnResult[] = [];
    const sdkRuns: SpawnResult[] = [];
    const nodeRuns: SpawnResult[] = [];
    for (let r = 0; r < STARTUP_RUNS; r++) {
      nodeRuns.push(await spawnTimed(llm, ['-e', ''], root, env, false));
      sdkRuns.push(await spawnTimed(llm, ['-e', bareScript], root, env, true));
      cliRuns.push(await spawnTimed(llm, [cli, '-p', 'hi'], root, env, true));
    }

    const all = (runs: RunResult[]) => runs.flatMap((r) => r.turnMs);
    const b = { median: median(all(bare)), p95: quantile(all(bare), 0.95), mean: all(bare).reduce((s, x) => s + x, 0) / all(bare).length };
    const h = { median: median(all(harness)), p95: quantile(all(harness), 0.95), mean: all(harness).reduce((s, x) => s + x, 0) / all(harness).length };
    const ratio = { median: h.median / b.median, p95: h.p95 / b.p95 };
    const phase = (runs: RunResult[], k: keyof Phases) => median(runs.flatMap((r) => r.phases[k]));
    const phases = Object.fromEntries(
      (['reply', 'tools', 'next'] as const).map((k) => [k, { bare: phase(bare, k), harness: phase(harness, k) }]),
    ) as Record<keyof Phases, { bare: number; harness: number }>;
    const phaseRow = (label: string, k: keyof Phases) => [label, r2(phases[k].bare).toString(), r2(phases[k].harness).toString(), `+${r2(phases[k].harness - phases[k].bare)} ms`];
    const first = { bare: median(bare.map((r) => r.firstRequestMs)), harness: median(harness.map((r) => r.firstRequestMs)) };
    const total = { bare: median(bare.map((r) => r.totalMs)), harness: median(harness.map((r) => r.totalMs)) };
    const startup = {
      cli: median(cliRuns.map((r) => r.firstRequestMs)),
      sdk: median(sdkRuns.map((r) => r.firstRequestMs)),
      cliExit: median(cliRuns.map((r) => r.exitMs)),
      sdkExit: median(sdkRuns.map((r) => r.exitMs)),
      nodeExit: median(nodeRuns.map((r) => r.exitMs)),
    };
    const turnAimMet = ratio.median <= AIM_RATIO && ratio.p95 <= AIM_RATIO;
    const startAimMet = startup.cli <= AIM_FIRST_REQUEST_MS;
    const cpus = os.cpus();

    console.log('');
    console.log(`Machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; node ${process.version}`);
    console.log(`Per turn (ms between consecutive requests; ${all(bare).length} turns per column, ${ROUNDS} runs of ${turns.length}):`);
    console.log(
      table([
        ['', 'bare SDK loop', 'harness', 'harness/bare'],
        ['median ms/turn', r2(b.median).toString(), r2(h.median).toString(), `${r2(ratio.median)}x`],
        ['p95 ms/turn', r2(b.p95).toString(), r2(h.p95).toString(), `${r2(ratio.p95)}x`],
        ['mean ms/turn', r2(b.mean).toString(), r2(h.mean).toString(), `${r2(h.mean / b.mean)}x`],
        phaseRow('  of which: reply streamed + parsed', 'reply'),
        phaseRow('            tool calls ran', 'tools'),
        phaseRow('            next request built + sent', 'next'),
        ['create to 1st request ms (median)', r1(first.bare).toString(), r1(first.harness).toString(), `${r2(first.harness / first.bare)}x`],
        ['whole session ms (median)', r1(total.bare).toString(), r1(total.harness).toString(), `${r2(total.harness / total.bare)}x`],
        ['tool calls / errors per run', `${bare[0].toolCalls} / ${bare[0].toolErrors}`, `${harness[0].toolCalls} / ${harness[0].toolErrors}`, ''],
        ['tool result chars per run', String(bare[0].resultChars), String(harness[0].resultChars), ''],
      ]),
    );
    console.log(`Aim: harness/bare at most ${AIM_RATIO}x (median and p95): ${turnAimMet ? 'MET' : 'NOT MET'}.`);
    console.log('');
    console.log(`Process start to first request (median of ${STARTUP_RUNS}, ms):`);
    console.log(
      table([
        ['', 'bare SDK script', 'tandem -p', 'ratio'],
        ['spawn to first request', r1(startup.sdk).toString(), r1(startup.cli).toString(), `${r2(startup.cli / startup.sdk)}x`],
        ['spawn to exit', r1(startup.sdkExit).toString(), r1(startup.cliExit).toString(), `${r2(startup.cliExit / startup.sdkExit)}x`],
        ['(node -e "" to exit)', r1(startup.nodeExit).toString(), '', ''],
      ]),
    );
    console.log(`Aim: tandem -p sends its first request within ${AIM_FIRST_REQUEST_MS} ms: ${startAimMet ? 'MET' : 'NOT MET'}.`);
    if (stale) console.log(`Note: dist/cli.js is older than ${stale}; run \`npm run build\` for current startup figures.`);

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus.length, cpuModel: cpus[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version },
      tree: { package: TREE_PACKAGE, files: treeFiles, turns: turns.length, calls: turns.flat().length },
      rounds: ROUNDS,
      perTurnMs: { bare: b, harness: h, ratio, aim: AIM_RATIO, aimMet: turnAimMet },
      phaseMediansMs: phases,
      createToFirstRequestMs: first,
      wholeSessionMs: total,
      startupMs: { ...startup, runs: STARTUP_RUNS, aim: AIM_FIRST_REQUEST_MS, aimMet: startAimMet, staleBundle: stale ?? null },
      samples: { bare: bare.map((r) => r.turnMs.map(r2)), harness: harness.map((r) => r.turnMs.map(r2)) },
    };
    const outDir = path.join(REPO, 'bench', 'results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'turn-overhead.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nWrote bench/results/turn-overhead.json`);
  } finally {
    await llm.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench/turn-overhead failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
