// `npm run test:integration`: builds, then runs test/integration inside code-server's extension host.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { INTEGRATION_FILES, runExtensionTests } from '../test/harness/extensionTests';
import { ensureTools } from './tools';

async function main(): Promise<number> {
  ensureTools();
  const root = resolve(__dirname, '..');
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) return b.status ?? 1;
  }
  const run = await runExtensionTests({
    extensionPath: root,
    testsPath: resolve(root, 'out/test/suite/index.js'),
    files: INTEGRATION_FILES,
    onLine: (l) => console.log(l),
  });
  console.log(`[integration] extension host exited with ${run.exitCode}`);
  return run.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[integration] ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
