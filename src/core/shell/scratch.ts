// The session's scratch folder: full command output the model may Read back, background job logs
// and the shell's state files. It lives in the shared temp folder, so it must be private: made with
// mkdtemp (a new, unguessable name, mode 0700) and checked before every use, so another local user
// can neither read it nor slip their own folder (or a symlink) in its place.
import { lstatSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a private scratch folder for one session: <tmp>/tandem-<session>-XXXXXX, mode 0700. */
export function createScratchDir(sessionId: string, base = tmpdir()): string {
  const tag = sessionId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 12) || 'session';
  let dir: string;
  try {
    dir = mkdtempSync(join(base, `tandem-${tag}-`));
  } catch (err) {
    throw new Error(`Cannot create a scratch folder in ${base}: ${(err as Error).message}. Set TMPDIR to a folder you can write.`);
  }
  assertPrivateDir(dir);
  return dir;
}

/** Makes sure the folder exists and is private to this user; recreates it (0700) if it was removed. */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  assertPrivateDir(dir);
}

function assertPrivateDir(dir: string): void {
  const s = lstatSync(dir);
  const uid = process.getuid?.();
  const problem = !s.isDirectory()
    ? 'it is not a folder (a symlink or a file)'
    : uid !== undefined && s.uid !== uid
      ? `it belongs to another user (uid ${s.uid})`
      : process.platform !== 'win32' && (s.mode & 0o077) !== 0
        ? `others can access it (mode ${(s.mode & 0o777).toString(8)})`
        : undefined;
  if (problem) throw new Error(`The scratch folder ${dir} is not private: ${problem}. Tandem writes nothing there.`);
}
