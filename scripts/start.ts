// `npm start [-- <folder>] [--port N]`: builds and packages Tandem, installs it into a real VS Code
// (code-server) on 127.0.0.1, opens the folder (default: where npm was run), and prints the URL.
// The profile lives in the tools cache, so keys saved in the setup card persist between starts.
// Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { installExtension, startCodeServer } from '../test/harness/codeServer';
import { ensurePortFree, parseStartArgs, START_USAGE } from './startOptions';
import { ensureTools, toolsDir } from './tools';

async function main(): Promise<void> {
  const { folder, port, help } = parseStartArgs(process.argv.slice(2));
  if (help) {
    console.log(START_USAGE);
    return;
  }
  // Before minutes of installing and building: a taken port fails now, saying what to do.
  await ensurePortFree(port);
  ensureTools({ browser: false, codeServer: true });
  const root = resolve(__dirname, '..');
  const pkg = spawnSync(process.execPath, ['scripts/package.mjs', '--vsix-only'], { cwd: root, stdio: 'inherit' });
  if (pkg.status !== 0) throw new Error('packaging failed; see above');
  const runDir = join(toolsDir(), 'start-profile');
  installExtension(runDir, join(root, 'artifacts', 'tandem.vsix'));
  const server = await startCodeServer({ runDir, port });
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  console.log(`\nTandem is running in VS Code at:\n\n  ${url}\n\nOpen it in a browser; the Tandem icon is in the activity bar. Ctrl-C stops it.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await new Promise(() => undefined);
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
