// `npm test`: every check and every suite, in one run, ending with one line `N passed, N failed`.
// Suites are mocha runs whose own summary lines are counted; checks (typecheck, boundaries, build,
// package) count as one test each. A step whose prerequisite failed is counted as failed.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { INTEGRATION_FILES, runExtensionTests } from '../test/harness/extensionTests';
import { ensureTools } from './tools';

const ROOT = resolve(__dirname, '..');
const BIN = (name: string) => resolve(ROOT, 'node_modules', '.bin', name);

interface Tally {
  name: string;
  passed: number;
  failed: number;
  pending: number;
  seconds: number;
  note?: string;
  /** What failed, for the summary (CI's log may keep only its end). */
  failures?: string[];
}

const tallies: Tally[] = [];

/**
 * The longest any one step may take. A step that hangs (a browser that never answers, a server
 * that never exits) is stopped with its whole process group and counted as failed, so the run
 * always ends with its summary line well inside CI's limit. The slowest step (e2e) takes 4-8 min;
 * 15 keeps a run in which every test of two suites waits for its own timeout under 45 min.
 */
const STEP_LIMIT_MS = Number(process.env.TANDEM_TEST_STEP_LIMIT_MIN || 15) * 60_000;

const running = new Set<number>();
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
// The steps run in their own process groups, so Ctrl-C (or CI stopping the run) must reach them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const pid of running) stopGroup(pid);
    process.exit(130);
  });
}

function run(cmd: string, args: string[], onLine?: (l: string) => void): Promise<number> {
  return new Promise((resolveRun) => {
    // Its own process group, so a timed-out step is stopped with everything it started.
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env, detached: true });
    const limit = setTimeout(() => {
      console.error(`[test] ${cmd} ${args.join(' ')} did not finish within ${STEP_LIMIT_MS / 60_000} min; stopping it`);
      onLine?.('  1 failing');
      if (child.pid) stopGroup(child.pid);
    }, STEP_LIMIT_MS);
    if (child.pid) running.add(child.pid);
    let buf = '';
    const feed = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      stream.write(chunk);
      buf += chunk.toString('utf8');
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) onLine?.(l);
    };
    child.stdout.on('data', (c: Buffer) => feed(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => feed(c, process.stderr));
    child.on('close', (code) => {
      clearTimeout(limit);
      if (child.pid) running.delete(child.pid);
      if (buf) onLine?.(buf);
      resolveRun(code ?? 1);
    });
    child.on('error', (err) => {
      console.error(`[test] could not start ${cmd}: ${err.message}`);
      resolveRun(1);
    });
  });
}

function banner(title: string): void {
  console.log(`\n===== ${title} =====`);
}

/** Reads mocha's own closing lines ("N passing", "N failing", "N pending") from its output. */
class MochaCounter {
  passed = 0;
  failed = 0;
  pending = 0;
  seen = false;
  /** The failing tests' titles (as the spec reporter numbers them) and the first error line of each. */
  readonly failures = new Map<number, { title: string; error?: string }>();
  private detail: number | undefined;
  line = (l: string) => {
    const s = l.replace(/\x1b\[[0-9;]*m/g, '');
    // Before the summary, "  N) title" marks a test as it fails; after it, the details repeat each
    // number and then its error: keep the first line that names one.
    const numbered = /^\s+(\d+)\) (.+)$/.exec(s);
    if (numbered && !this.seen) this.failures.set(Number(numbered[1]), { title: numbered[2]! });
    else if (numbered) this.detail = Number(numbered[1]);
    else if (this.detail !== undefined && /^\s*(\w*Error\b|Timeout\b)/.test(s)) {
      const f = this.failures.get(this.detail);
      if (f && !f.error) f.error = s.trim().slice(0, 300);
    }
    let m = /^\s*(\d+) passing\b/.exec(s);
    if (m) {
      this.passed += Number(m[1]);
      this.seen = true;
    }
    m = /^\s*(\d+) failing\b/.exec(s);
    if (m) this.failed += Number(m[1]);
    m = /^\s*(\d+) pending\b/.exec(s);
    if (m) this.pending += Number(m[1]);
  };
}

async function check(name: string, cmd: string, args: string[]): Promise<boolean> {
  banner(name);
  const t0 = Date.now();
  const code = await run(cmd, args);
  tallies.push({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, pending: 0, seconds: (Date.now() - t0) / 1000 });
  return code === 0;
}

function record(name: string, counter: MochaCounter, exitCode: number, t0: number): boolean {
  // A suite that crashed before its summary, or exited non-zero without failures, still fails.
  const crashed = exitCode !== 0 && counter.failed === 0;
  const noTests = counter.passed + counter.failed === 0;
  tallies.push({
    name,
    passed: counter.passed,
    failed: counter.failed + (crashed || noTests ? 1 : 0),
    pending: counter.pending,
    seconds: (Date.now() - t0) / 1000,
    note: crashed ? `exit code ${exitCode} without a failing test` : noTests ? 'ran no test' : undefined,
    failures: [...counter.failures.values()].map((f) => (f.error ? `${f.title}: ${f.error}` : f.title)),
  });
  return exitCode === 0 && !noTests;
}

async function mochaSuite(name: string, config: string): Promise<boolean> {
  banner(name);
  const t0 = Date.now();
  const counter = new MochaCounter();
  const code = await run(BIN('mocha'), ['--config', config], counter.line);
  return record(name, counter, code, t0);
}

function skipped(name: string, because: string): void {
  banner(name);
  console.log(`[test] not run: ${because} failed`);
  tallies.push({ name, passed: 0, failed: 1, pending: 0, seconds: 0, note: `not run: ${because} failed` });
}

async function main(): Promise<number> {
  const started = Date.now();
  banner('tools (Node 24, code-server, Chromium)');
  let toolsOk = true;
  try {
    ensureTools();
  } catch (err) {
    console.error(`[test] ${(err as Error).message}`);
    toolsOk = false;
  }
  tallies.push({ name: 'tools', passed: toolsOk ? 1 : 0, failed: toolsOk ? 0 : 1, pending: 0, seconds: (Date.now() - started) / 1000 });

  await check('typecheck', BIN('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  await check('typecheck (webview)', BIN('tsc'), ['-p', 'webview-ui/tsconfig.json', '--noEmit']);
  await check('boundaries', BIN('tsx'), ['scripts/check-boundaries.ts']);
  const built = await check('build', process.execPath, ['esbuild.mjs']);
  await mochaSuite('unit', 'test/unit/.mocharc.json');
  if (!built) skipped('cli and sdk', 'build');
  else await mochaSuite('cli and sdk', 'test/cli/.mocharc.json');

  if (!built || !toolsOk) skipped('integration (real VS Code extension host)', built ? 'tools' : 'build');
  else {
    banner('integration (real VS Code extension host)');
    const t0 = Date.now();
    const counter = new MochaCounter();
    let code = 1;
    try {
      const r = await runExtensionTests({
        extensionPath: ROOT,
        testsPath: resolve(ROOT, 'out/test/suite/index.js'),
        files: INTEGRATION_FILES,
        // The suite takes about 2 minutes; a loaded machine can double that.
        timeoutMs: 10 * 60_000,
        onLine: (l) => {
          console.log(l);
          counter.line(l);
        },
      });
      code = r.exitCode;
    } catch (err) {
      console.error(`[test] integration run failed to start: ${(err as Error).stack}`);
    }
    record('integration (real VS Code extension host)', counter, code, t0);
  }

  const packaged = await check('package (.vsix)', process.execPath, ['scripts/package.mjs']);
  if (!packaged) skipped('package contents', 'package');
  else await mochaSuite('package contents', 'test/package/.mocharc.json');

  if (!packaged || !toolsOk) skipped('e2e (Chromium + code-server)', packaged ? 'tools' : 'package');
  else await mochaSuite('e2e (Chromium + code-server)', 'test/e2e/.mocharc.json');

  // Each bench once on a small input: it runs, its runs are valid, it reports. No timing asserted.
  if (!built || !toolsOk) skipped('benchmarks (smoke)', built ? 'tools' : 'build');
  else await mochaSuite('benchmarks (smoke)', 'test/bench/.mocharc.json');

  banner('summary');
  for (const t of tallies) {
    const extra = [t.pending ? `${t.pending} skipped` : '', t.note ?? ''].filter(Boolean).join(', ');
    console.log(`${t.failed ? 'FAIL' : 'ok  '} ${t.name}: ${t.passed} passed, ${t.failed} failed (${t.seconds.toFixed(1)} s)${extra ? ` — ${extra}` : ''}`);
    for (const f of t.failures ?? []) console.log(`       ✗ ${f}`);
  }
  const passed = tallies.reduce((s, t) => s + t.passed, 0);
  const failed = tallies.reduce((s, t) => s + t.failed, 0);
  const pending = tallies.reduce((s, t) => s + t.pending, 0);
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
