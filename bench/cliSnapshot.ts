// The CLI the benchmarks run: the production build (minified, no source maps: what the npm package
// ships) of the current sources, built by `node esbuild.mjs --production --cli-only` into a folder of
// its own under bench/results, so a build of dist/ running elsewhere meanwhile cannot change or
// delete it mid-run. The folder holds everything the CLI loads at run time (the launcher, the
// bundle, the provider chunks, the shell parser's WebAssembly) and stays inside the repository so
// that require.resolve from it still finds node_modules (the ripgrep lookup uses it).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..');

export function snapshotCli(name = 'cli-snapshot'): { cli: string; dir: string } {
  const dir = path.join(REPO, 'bench', 'results', name);
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--cli-only', `--outdir=${dir}`], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  return { cli: path.join(dir, 'cli.js'), dir };
}
