// `npm run test:integration:desktop`: the same integration suite under desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (this project's CI cannot; it runs
// the suite in code-server instead, see scripts/run-integration.ts).
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..');
  const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
  const workspace = mkdtempSync(join(tmpdir(), 'tandem-ws-'));
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: resolve(root, 'out/test/suite/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' },
  });
}

main().catch((err) => {
  console.error(`[integration:desktop] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
