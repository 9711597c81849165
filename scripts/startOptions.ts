// `npm start`'s command line, and the check that its port is free before anything is built.
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const START_USAGE = 'usage: npm start [-- <folder>] [--port N]   (port 0 picks a free one; default 8080 or $TANDEM_PORT)';

export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { folder: string; port: number; help: boolean } {
  const base = env.INIT_CWD || cwd;
  let folder = base;
  let port = Number(env.TANDEM_PORT || 8080);
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--port') port = Number(argv[++i]);
    else if (a.startsWith('--port=')) port = Number(a.slice(7));
    else if (a === '--help' || a === '-h') help = true;
    else folder = resolve(base, a);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535`);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  return { folder, port, help };
}

/** Resolves when 127.0.0.1:port can be bound; rejects with what to do when it is taken. */
export function ensurePortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') return fail(err);
      fail(
        new Error(
          `port ${port} on 127.0.0.1 is ${err.code === 'EACCES' ? 'not allowed' : 'already in use (another "npm start"?)'}. ` +
            `Pick another one: npm start -- --port ${port === 65535 ? 8081 : port + 1}, or --port 0 for any free port, or TANDEM_PORT=<port> npm start.`,
        ),
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}
