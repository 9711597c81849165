// `npm start [-- <folder>] [--port N]`: builds and packages Tandem, installs it into a real VS Code
// (code-server) on 127.0.0.1, opens the folder (default: where npm was run), and prints the URL.
// The profile lives in the tools cache, so keys saved in the setup card persist between starts.
// Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installExtension, startCodeServer } from '../test/harness/codeServer';
import { ensureTools, toolsDir } from './tools';

function parseArgs(argv: string[]): { folder: string; port: number } {
  let folder = process.env.INIT_CWD || process.cwd();
  let port = Number(process.env.TANDEM_PORT || 8080);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') port = Number(argv[++i]);
    else if (a.startsWith('--port=')) port = Number(a.slice(7));
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm start [-- <folder>] [--port N]   (port 0 picks a free one; default 8080 or $TANDEM_PORT)');
      process.exit(0);
    } else folder = resolve(process.env.INIT_CWD || process.cwd(), a);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535`);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  return { folder, port };
}

async function main(): Promise<void> {
  const { folder, port } = parseArgs(process.argv.slice(2));
  ensureTools({ browser: false, codeServer: true });
  const root = resolve(__dirname, '..');
  const pkg = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: root, stdio: 'inherit' });
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
