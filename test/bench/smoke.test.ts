// The benchmarks in CI, as a smoke check only (issue 17, item 8): each bench runs once on a small
// input and must finish, count its runs as valid (tool calls without errors, edits on disk, a
// complete rewind, a session that completes), print its figures beside its baseline with the aim
// each one answers, and write its results file. No timing is asserted: the figures of a run under
// CI load say nothing, and an aim missed is printed, not failed. Figures are taken with the benches
// themselves on a quiet machine (bench/README.md).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../harness/process';

const REPO = join(__dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

interface BenchRun {
  out: string;
  results: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Runs `npm run bench:<name>`'s script with `env`, and reads the results file it writes. */
async function bench(name: string, env: Record<string, string>, resultsFile: string, timeoutMs: number): Promise<BenchRun> {
  const file = join(REPO, 'bench', 'results', resultsFile);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const r = await runProcess(TSX, [join('bench', `${name}.ts`)], { cwd: REPO, env: { ...process.env, ...env }, timeoutMs });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.code, 0, `bench/${name} exited with ${r.code}:\n${out.slice(-4000)}`);
  assert.ok(existsSync(file), `bench/${name} wrote no ${resultsFile}`);
  const text = readFileSync(file, 'utf8');
  assert.notEqual(text, before, `bench/${name} did not rewrite ${resultsFile}`);
  return { out, results: JSON.parse(text) };
}

const finite = (x: unknown, what: string) => assert.ok(typeof x === 'number' && Number.isFinite(x), `${what} is not a number: ${String(x)}`);

describe('benchmarks (smoke: they run and report; no timing asserted)', function () {
  this.timeout(10 * 60_000);

  it('turn-overhead: the harness beside a bare SDK loop, and start-up beside a bare SDK script', async () => {
    const { out, results } = await bench('turn-overhead', { BENCH_ROUNDS: '1', BENCH_STARTUP_RUNS: '1' }, 'turn-overhead.json', 5 * 60_000);
    assert.match(out, /harness\/bare/);
    assert.match(out, /Aim: harness\/bare at most [\d.]+x per turn \(median and p95\): (MET|NOT MET)/);
    assert.match(out, /Aim: tandem -p sends its first request within \d+ ms \(median\): (MET|NOT MET)/);
    const t = results.perTurnMs;
    assert.equal(t.toolErrors.harness, 0, 'a tool call of the harness failed');
    assert.equal(t.toolErrors.bare, 0, 'a tool call of the bare loop failed');
    assert.equal(t.toolCalls.harness, t.toolCalls.bare, 'both loops ran the same calls');
    for (const k of ['median', 'p95']) finite(t.ratio[k], `ratio.${k}`);
    finite(results.startupMs.firstRequest.cli.median, 'start to first request');
  });

  it('vs-claude-code: every figure of the scripted session with its aim (Tandem alone here: Claude Code is not installed in CI)', async () => {
    const { out, results } = await bench('vs-claude-code', { BENCH_RUNS: '1', BENCH_CLAUDE_CODE: '0' }, 'vs-claude-code.json', 5 * 60_000);
    assert.match(out, /Claude Code: not run: BENCH_CLAUDE_CODE=0/);
    for (const label of ['wall time of the session', 'process start → first model request', 'harness time per turn, median', 'harness time per turn, p95', 'peak RSS', 'upload over the session', 'first request size']) {
      assert.ok(out.includes(label), `the table has no row "${label}"`);
    }
    assert.equal(results.runs.tandem.length, 1);
    const run = results.runs.tandem[0];
    for (const k of ['wallMs', 'firstRequestMs', 'peakRssMb', 'uploadBytes', 'firstRequestTokens']) finite(run[k], k);
    assert.equal(run.turnMs.length, results.workspace.steps.length, 'one harness time per scripted step');
  });

  it('checkpoints: a Bash call with checkpoints beside the same shell without, and a complete rewind', async () => {
    const { out, results } = await bench('checkpoints', { BENCH_FILES: '3000', BENCH_ROUNDS: '2' }, 'checkpoints.json', 5 * 60_000);
    assert.match(out, /no checkpoints \(baseline\)/);
    assert.match(out, /aim <= 50 ms: (met|MISSED)/);
    assert.equal(results.rewindComplete, true);
    for (const k of ['baselineMs', 'withCheckpointsMs', 'fullScanMs']) finite(results[k], k);
  });

  it('long-session: compaction beside a summary-only baseline, never above the window', async () => {
    const { out, results } = await bench('long-session', { BENCH_FILES: '24' }, 'long-session.json', 5 * 60_000);
    assert.match(out, /\| +\| +summary only \| +tandem \|/);
    assert.match(out, /aim: never above the window: (met|MISSED)/);
    assert.equal(results.tandem.completed, true);
    assert.equal(results.baseline.completed, true);
  });

  it('transcript: the virtualized panel beside the flat list, and a long reply beside the baseline', async () => {
    const { out, results } = await bench('transcript', { BENCH_ITEMS: '200', BENCH_ROUNDS: '1', BENCH_LONG_BYTES: String(256 * 1024) }, 'transcript.json', 8 * 60_000);
    assert.match(out, /virtualized\/not/);
    assert.match(out, /aims \(2 MiB\): shown within 2000 ms: (met|MISSED)/);
    assert.equal(results.items, 200);
    assert.equal(results.longReply.length, 3);
    for (const row of results.table) finite(row.virtual, row.name);
  });

  it('extension: activation and the restored panel in the real workbench, beside an empty chat and a workbench without Tandem', async () => {
    const vsix = join(REPO, 'artifacts', 'tandem.vsix');
    const env: Record<string, string> = { BENCH_RUNS: '1', BENCH_MESSAGES: '100' };
    if (existsSync(vsix)) env.BENCH_VSIX = vsix; // npm test packaged it already; else the bench packages the sources
    const { out, results } = await bench('extension', env, 'extension.json', 8 * 60_000);
    assert.match(out, /session \/ empty +session \/ no Tandem/);
    assert.match(out, /aims \(issue 17\): activation under 100 ms: Tandem's own part \(loading \+ activate\(\)\) median \d+ ms: (met|missed)/);
    assert.match(out, /panel usable within 1 s of the chat frame's creation: \d+ ms with the session \(median\): (met|missed)/);
    for (const column of ['session', 'empty']) {
      const samples = results.samples.filter((s: { column: string; round: number }) => s.column === column && s.round > 0);
      assert.equal(samples.length, 1, `one measured reload of the ${column} column`);
      finite(samples[0].activationMs, `${column}: activation`);
      finite(samples[0].ownMs, `${column}: Tandem's own activation`);
      assert.equal(samples[0].codeCache, 'used', `${column}: the reload compiled the bundle from its code cache`);
    }
    assert.ok(results.samples.some((s: { column: string }) => s.column === 'none'), 'the workbench without Tandem ran beside it');
  });

  it('bundle: what the CLI bundle holds, and loading it beside node -e ""', async () => {
    const r = await runProcess(TSX, [join('bench', 'bundle.ts')], { cwd: REPO, env: { ...process.env, BENCH_RUNS: '2' }, timeoutMs: 3 * 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /dist\/cli-main\.js \(production\): \d+ KB; the 20 largest parts:/);
    assert.match(r.stdout, /@anthropic-ai\/sdk/);
    assert.match(r.stdout, /node -e ""\s+\d+ ms/);
    assert.match(r.stdout, /code cache on\s+\d+ ms/);
  });
});
