// The built CLI, copied beside the results before a bench runs it: other work may rebuild dist/
// (which deletes it first) meanwhile. The whole set of files the CLI loads at run time is copied
// (the bundle, its lazily required chunks, the shell parser's WebAssembly). The copy stays inside
// the repository so require.resolve from it still finds node_modules (the ripgrep lookup uses it).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..');

export function snapshotCli(name = 'cli-snapshot'): { cli: string; built: string } {
  const dist = path.join(REPO, 'dist');
  const built = path.join(dist, 'cli.js');
  for (let i = 0; i < 40 && !existsSync(built); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  if (!existsSync(built)) {
    console.log('dist/cli.js is missing: building it with `node esbuild.mjs` ...');
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
  }
  const dir = path.join(REPO, 'bench', 'results', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dist)) {
    if (/\.(js|wasm)$/.test(f) && f !== 'extension.js') copyFileSync(path.join(dist, f), path.join(dir, f));
  }
  return { cli: path.join(dir, 'cli.js'), built };
}

/** The newest source file newer than the bundle: the figures then describe older code. */
export function staleBundle(built: string): string | undefined {
  const t = statSync(built).mtimeMs;
  const src = path.join(REPO, 'src');
  const files = (readdirSync(src, { recursive: true }) as string[]).map((f) => path.join(src, f));
  const newer = files.find((f) => f.endsWith('.ts') && statSync(f).mtimeMs > t);
  return newer ? path.relative(REPO, newer) : undefined;
}
