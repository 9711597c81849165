// `npm run package`: a production build, then a .vsix made offline by @vscode/vsce, and beside it the
// npm package tarball (CLI + SDK, see npm-package.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['esbuild.mjs', '--production']);
mkdirSync('artifacts', { recursive: true });
run(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', 'artifacts/tandem.vsix']);
// npm start needs only the .vsix.
if (!process.argv.includes('--vsix-only')) run(process.execPath, ['scripts/npm-package.mjs']);
