// bench/vs-claude-code: the same scripted 25-step explore-and-edit session through `tandem -p`
// (dist/cli.js) and, when it can be installed and run here, through Claude Code's CLI, against the
// project's fake model server answering at once, so only each CLI's own time counts. Runs alternate;
// figures are medians over the runs. Prints both columns, their ratio and the issue's aims, and
// writes bench/results/vs-claude-code.json. Nothing is asserted: a missed aim is printed.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MODELS } from '../src/core/llm/types';
import { startFakeLlm } from '../test/fake-llm/server';
import type { FakeLlm, RecordedRequest } from '../test/fake-llm/server';
import { countTokens } from '../test/fake-llm/contextLimit';
import { CLAUDE_CODE_TOOLS, claudeCodeEnv, findClaudeCode } from './claudeCode';
import type { ClaudeCode } from './claudeCode';
import { snapshotCli } from './cliSnapshot';
import { toolPaths } from '../scripts/tools';
import { PACKAGE, PROMPT, expectedEdits, isMainRequest, scriptSession, toReplies, toolResultsOf } from './vsSession';
import type { Step } from './vsSession';

const REPO = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MODEL = DEFAULT_MODELS.anthropic;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/**
 * The node that runs `tandem -p`: BENCH_NODE, else the project's Node 24 (scripts/tools.ts) when it
 * is installed, else this one. The npm package needs Node 22 or later (scripts/npm-package.mjs), so
 * Node 24 is what users run it on; it also has the compile cache the launcher turns on.
 */
const NODE = process.env.BENCH_NODE ?? (existsSync(toolPaths().node24) ? toolPaths().node24 : process.execPath);
/** BENCH_DUMP=folder: the last run's main requests of each CLI are written there as JSON, to see what the uploads carry. */
const DUMP = process.env.BENCH_DUMP;

type Kind = 'tandem' | 'claude';

interface Run {
  wallMs: number;
  /** Spawn to the first main-loop request; and to the first request of any kind. */
  firstRequestMs: number;
  firstAnyRequestMs: number;
  /** One per step: from the main request that got the step's tool call to the next main request. */
  turnMs: number[];
  peakRssMb: number;
  uploadBytes: number;
  firstRequestBytes: number;
  firstRequestTokens: number;
  mainRequests: number;
  sideRequests: number;
  sideBytes: number;
  sideModels: string[];
}

let arrivals: { t: number; rec: RecordedRequest }[] = [];
function stampArrivals(llm: FakeLlm): void {
  const requests = llm.requests;
  requests.push = (...items) => {
    for (const rec of items) arrivals.push({ t: performance.now(), rec });
    return Array.prototype.push.apply(requests, items);
  };
}

/** Peak RSS of the process tree's largest process, in KB, through `/usr/bin/time -f %M`, else /proc polling. */
async function runTimed(command: string[], cwd: string, env: NodeJS.ProcessEnv, rssFile: string): Promise<{ code: number | null; ms: number; peakKb: number; stderr: string }> {
  const argv = TIME ? [TIME, '-f', '%M', '-o', rssFile, ...command] : command;
  const t0 = performance.now();
  const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let polledKb = 0;
  const poll = TIME ? undefined : setInterval(() => {
    const m = /VmHWM:\s+(\d+)/.exec(readProcStatus(child.pid));
    if (m) polledKb = Math.max(polledKb, Number(m[1]));
  }, 10);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - t0;
  if (poll) clearInterval(poll);
  const peakKb = TIME ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : polledKb;
  return { code, ms, peakKb, stderr };
}

function readProcStatus(pid: number | undefined): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

async function runOnce(kind: Kind, ctx: Ctx): Promise<Run> {
  rmSync(ctx.ws, { recursive: true, force: true });
  cpSync(ctx.pristine, ctx.ws, { recursive: true });
  ctx.llm.load({ replies: toReplies(ctx.steps, MODEL), whenEmpty: 'echo' });
  arrivals = [];
  const flags = ['-p', PROMPT, '--model', MODEL, '--dangerously-skip-permissions', '--output-format', 'json'];
  const home = path.join(ctx.tmp, `home-${kind}`);
  const env: NodeJS.ProcessEnv =
    kind === 'tandem'
      ? { PATH: process.env.PATH, HOME: home, TMPDIR: path.join(ctx.tmp, 'tmp'), ANTHROPIC_API_KEY: 'sk-bench', ANTHROPIC_BASE_URL: ctx.llm.anthropicBaseUrl, IS_SANDBOX: '1' }
      : { PATH: process.env.PATH, TMPDIR: path.join(ctx.tmp, 'tmp'), ...claudeCodeEnv(ctx.llm.anthropicBaseUrl, home) };
  const command = kind === 'tandem' ? [NODE, ctx.cli, ...flags] : [...ctx.claude!.command, ...flags, ...CLAUDE_CODE_TOOLS];
  const t0 = performance.now();
  const r = await runTimed(command, ctx.ws, env, path.join(ctx.tmp, `rss-${kind}`));
  const main = arrivals.filter((a) => isMainRequest(a.rec.body, MODEL));
  const side = arrivals.filter((a) => !isMainRequest(a.rec.body, MODEL));
  const name = kind === 'tandem' ? 'tandem -p' : 'claude -p';
  const fail = (why: string) => new Error(`${name} ${why} (exit ${r.code}, ${main.length} main requests): ${r.stderr.trim().slice(0, 600)}`);
  if (r.code !== 0) throw fail('failed');
  if (main.length !== ctx.steps.length + 1) throw fail(`sent ${main.length} main requests, not ${ctx.steps.length + 1}`);
  const tr = toolResultsOf(main[main.length - 1].rec.body);
  if (tr.results !== ctx.steps.length || tr.errors.length) throw fail(`got ${tr.results} tool results, ${tr.errors.length} errors: ${tr.errors.join(' | ').slice(0, 600)}`);
  for (const e of expectedEdits(ctx.steps)) if (!readFileSync(e.file, 'utf8').includes(e.includes)) throw fail(`did not change ${e.file}`);
  if (DUMP) {
    mkdirSync(DUMP, { recursive: true });
    writeFileSync(path.join(DUMP, `${kind}.json`), `${JSON.stringify(main.map((a) => a.rec.body), null, 1)}\n`);
  }
  const bytes = (xs: typeof arrivals) => xs.reduce((n, a) => n + (a.rec.bytes ?? 0), 0);
  return {
    wallMs: r.ms,
    firstRequestMs: main[0].t - t0,
    firstAnyRequestMs: arrivals[0].t - t0,
    turnMs: main.slice(1).map((a, i) => a.t - main[i].t),
    peakRssMb: r.peakKb / 1024,
    uploadBytes: bytes(main),
    firstRequestBytes: main[0].rec.bytes ?? 0,
    firstRequestTokens: countTokens('anthropic', main[0].rec.body),
    mainRequests: main.length,
    sideRequests: side.length,
    sideBytes: bytes(side),
    sideModels: [...new Set(side.map((a) => String(a.rec.body?.model)))],
  };
}

interface Ctx {
  tmp: string;
  pristine: string;
  ws: string;
  steps: Step[];
  llm: FakeLlm;
  cli: string;
  claude?: ClaudeCode;
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
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : (cell ?? '').padStart(widths[c]))).join('   ')).join('\n');
}

interface Figure {
  key: string;
  label: string;
  unit: string;
  of: (runs: Run[]) => number;
  /** Tandem / Claude Code at most this; and an absolute bound on Tandem's figure. */
  aim?: number;
  absolute?: number;
}

const FIGURES: Figure[] = [
  { key: 'wall', label: 'wall time of the session', unit: 'ms', of: (rs) => median(rs.map((r) => r.wallMs)), aim: 0.6 },
  { key: 'firstRequest', label: 'process start → first model request', unit: 'ms', of: (rs) => median(rs.map((r) => r.firstRequestMs)), aim: 0.35, absolute: 150 },
  { key: 'turnMedian', label: 'harness time per turn, median', unit: 'ms', of: (rs) => median(rs.flatMap((r) => r.turnMs)), aim: 0.5 },
  { key: 'turnP95', label: 'harness time per turn, p95', unit: 'ms', of: (rs) => quantile(rs.flatMap((r) => r.turnMs), 0.95), aim: 0.5 },
  { key: 'peakRss', label: 'peak RSS', unit: 'MB', of: (rs) => median(rs.map((r) => r.peakRssMb)), aim: 0.5 },
  { key: 'upload', label: 'upload over the session (main requests)', unit: 'KB', of: (rs) => median(rs.map((r) => r.uploadBytes / 1024)), aim: 0.5 },
  { key: 'firstSize', label: 'first request size', unit: 'k tokens', of: (rs) => median(rs.map((r) => r.firstRequestTokens / 1000)), aim: 0.4 },
  { key: 'firstBytes', label: 'first request size', unit: 'KB', of: (rs) => median(rs.map((r) => r.firstRequestBytes / 1024)) },
];

function report(runs: Record<Kind, Run[]>, steps: Step[], claude: ClaudeCode | undefined, load: { before: number[]; after: number[] }) {
  const both = claude !== undefined && runs.claude.length > 0;
  const figures = FIGURES.map((f) => {
    const t = f.of(runs.tandem);
    const c = both ? f.of(runs.claude) : NaN;
    const ratio = t / c;
    const met = f.aim === undefined ? undefined : (!both || ratio <= f.aim) && (f.absolute === undefined || t <= f.absolute);
    return { key: f.key, label: `${f.label} (${f.unit})`, tandem: t, claude: c, ratio, aim: f.aim, absolute: f.absolute, met: both || f.absolute !== undefined ? met : undefined };
  });
  const fmt = (x: number) => (Number.isNaN(x) ? '—' : x >= 100 ? String(Math.round(x)) : String(r1(x)));
  const aimText = (f: (typeof figures)[number]) =>
    f.aim === undefined ? '' : `≤ ${f.aim}${f.absolute !== undefined ? ` and ≤ ${f.absolute} ms` : ''}: ${f.met === undefined ? 'n/a' : f.met ? 'met' : 'MISSED'}`;
  console.log('');
  console.log(`Medians of ${runs.tandem.length} runs each${both ? ', alternating' : ''}; ${steps.length} steps + a final reply. Load average before ${load.before.join(' ')}, after ${load.after.join(' ')}.`);
  console.log(
    table([
      ['figure', both ? `Claude Code ${claude!.version.split(' ')[0]}` : 'Claude Code', 'Tandem', 'Tandem / CC', 'aim'],
      ...figures.map((f) => [f.label, fmt(f.claude), fmt(f.tandem), Number.isNaN(f.ratio) ? '—' : r2(f.ratio).toFixed(2), aimText(f)]),
    ]),
  );
  const side = (k: Kind) => runs[k].length ? `${median(runs[k].map((r) => r.sideRequests))} side requests (${r1(median(runs[k].map((r) => r.sideBytes)) / 1024)} KB; models ${[...new Set(runs[k].flatMap((r) => r.sideModels))].join(', ') || '—'})` : '—';
  console.log(`Side requests per run, apart from the ${steps.length + 1} main ones and not in the figures: Claude Code ${side('claude')}; Tandem ${side('tandem')}.`);
  // Per step: which tool calls cost what in each CLI.
  const perStep = steps.map((s, i) => ({ step: i + 1, tool: s.name, tandem: median(runs.tandem.map((r) => r.turnMs[i])), claude: both ? median(runs.claude.map((r) => r.turnMs[i])) : NaN }));
  console.log('\nHarness time per step (ms, medians): the turn from the request that got the tool call to the next request');
  console.log(table([['step', 'tool', 'Claude Code', 'Tandem'], ...perStep.map((p) => [String(p.step), p.tool, fmt(p.claude), fmt(p.tandem)])]));
  return { figures, perStep };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tandem-vs-cc-'));
  const pristine = path.join(tmp, 'pristine', PACKAGE);
  const ws = path.join(tmp, 'ws', PACKAGE);
  cpSync(path.join(REPO, 'node_modules', PACKAGE), pristine, { recursive: true });
  for (const d of ['home-tandem', 'home-claude', 'tmp']) mkdirSync(path.join(tmp, d), { recursive: true });
  const steps = scriptSession(pristine).map((s) => JSON.parse(JSON.stringify(s).split(pristine).join(ws)) as Step);
  // BENCH_TANDEM_CLI: another build of the CLI (e.g. an older commit's) instead of the current sources'.
  const cli = process.env.BENCH_TANDEM_CLI ? path.resolve(process.env.BENCH_TANDEM_CLI) : snapshotCli('cli-snapshot-vs').cli;
  const found = findClaudeCode((s) => console.log(s));
  const claude = 'unavailable' in found ? undefined : found;
  const llm = await startFakeLlm();
  stampArrivals(llm);
  const ctx: Ctx = { tmp, pristine, ws, steps, llm, cli, claude };
  const files = (readdirSync(pristine, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((d) => d.isFile()).length;
  try {
    console.log(`Workspace: ${PACKAGE} (${files} files) copied afresh before each run; ${steps.length} steps (${[...new Set(steps.map((s) => s.name))].map((n) => `${steps.filter((s) => s.name === n).length} ${n}`).join(', ')}).`);
    const nodeVersion = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`Tandem: ${process.env.BENCH_TANDEM_CLI ? cli : `the production build of the current sources (${path.relative(REPO, cli)})`} on node ${nodeVersion} (${NODE}).`);
    if (!claude) console.log(`Claude Code: not run: ${(found as { unavailable: string }).unavailable}. Tandem's figures alone follow.`);
    else console.log(`Claude Code: ${claude.version} (${claude.command.join(' ')}).`);
    const load = { before: os.loadavg().map(r2), after: [] as number[] };
    const kinds: Kind[] = claude ? ['tandem', 'claude'] : ['tandem'];
    console.log(`Warm-up run of each, then ${RUNS} alternating rounds ...`);
    for (const k of kinds) await runOnce(k, ctx);
    const runs: Record<Kind, Run[]> = { tandem: [], claude: [] };
    for (let r = 0; r < RUNS; r++) {
      for (const k of r % 2 === 0 ? kinds : [...kinds].reverse()) runs[k].push(await runOnce(k, ctx));
      process.stdout.write(`  round ${r + 1}/${RUNS}: ${kinds.map((k) => `${k} ${Math.round(runs[k][r].wallMs)} ms`).join(', ')}\n`);
    }
    load.after = os.loadavg().map(r2);
    const out = report(runs, steps, claude, load);
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim(), loadAvg: load },
      workspace: { package: PACKAGE, files, steps: steps.map((s) => s.name) },
      claudeCode: claude ? claude.version : { unavailable: (found as { unavailable: string }).unavailable },
      ...out,
      runs,
    };
    mkdirSync(path.join(REPO, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(REPO, 'bench', 'results', 'vs-claude-code.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log('\nWrote bench/results/vs-claude-code.json');
  } finally {
    await llm.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench/vs-claude-code failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
});
