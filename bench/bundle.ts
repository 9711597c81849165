// bench/bundle: what each dependency adds to the CLI bundle (dist/cli-main.js, production build),
// from esbuild's metafile, and what loading it costs: `tandem --version` (which loads the bundle
// and exits) against `node -e ""`, with Node's compile cache off and on. Prints, asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { toolPaths } from '../scripts/tools';

const REPO = path.resolve(__dirname, '..');
const OUT = path.join(REPO, 'bench', 'results', 'cli-bundle');
const NODE = process.env.BENCH_NODE ?? (existsSync(toolPaths().node24) ? toolPaths().node24 : process.execPath);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

interface Meta {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

function owner(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1]!;
  const parts = input.split('/');
  return parts[0] === 'src' ? parts.slice(0, 3).join('/') : input;
}

function timeRuns(args: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(NODE, args, { env, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${NODE} ${args.join(' ')} exited with ${r.status}`);
    if (i > 0) times.push(performance.now() - t0); // the first run fills the compile cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function main(): void {
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--cli-only', '--metafile', `--outdir=${OUT}`], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  const meta = JSON.parse(readFileSync(path.join(OUT, 'cli-main.meta.json'), 'utf8')) as Meta;
  const [, out] = Object.entries(meta.outputs).find(([f]) => f.endsWith('cli-main.js'))!;
  const by = new Map<string, number>();
  for (const [input, v] of Object.entries(out.inputs)) by.set(owner(input), (by.get(owner(input)) ?? 0) + v.bytesInOutput);
  const rows = [...by].sort((a, b) => b[1] - a[1]);
  console.log(`dist/cli-main.js (production): ${(out.bytes / 1024).toFixed(0)} KB; the 20 largest parts:`);
  for (const [k, v] of rows.slice(0, 20)) console.log(`${(v / 1024).toFixed(1).padStart(8)} KB  ${(v / out.bytes * 100).toFixed(1).padStart(5)}%  ${k}`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tandem-bundle-'));
  try {
    const env = { PATH: process.env.PATH, TMPDIR: tmp, HOME: tmp };
    const cli = path.join(OUT, 'cli.js');
    const bare = timeRuns(['-e', ''], env);
    const cold = timeRuns([cli, '--version'], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' });
    const warm = timeRuns([cli, '--version'], env);
    const v = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`\nLoading it (node ${v}, medians of ${RUNS}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}):`);
    console.log(`  node -e ""                             ${bare.toFixed(0).padStart(5)} ms`);
    console.log(`  tandem --version, code cache off       ${cold.toFixed(0).padStart(5)} ms  (+${(cold - bare).toFixed(0)} ms for the bundle)`);
    console.log(`  tandem --version, code cache on        ${warm.toFixed(0).padStart(5)} ms  (+${(warm - bare).toFixed(0)} ms for the bundle)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
