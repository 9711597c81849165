// One writer per session log. Two processes appending to one log would interleave their turns
// into one history neither of them had. A writer holds `<log>.lock` (created with O_EXCL, holding
// its pid and host); a lock whose process is gone (crash, kill -9) is stale and taken over.
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export class SessionLockedError extends Error {
  constructor(
    readonly file: string,
    /** The process holding the log, when the lock file names one. */
    readonly pid: number | undefined,
  ) {
    super(`The session log ${file} is being written by another Tandem process${pid ? ` (pid ${pid})` : ''}.`);
    this.name = 'SessionLockedError';
  }
}

interface Holder {
  pid: number;
  host: string;
}

export function lockFileOf(logFile: string): string {
  return `${logFile}.lock`;
}

/** Takes the lock of a log file or throws SessionLockedError; returns the lock file to release. */
export function acquireSessionLock(logFile: string): string {
  const lock = lockFileOf(logFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      } finally {
        closeSync(fd);
      }
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(lock);
    if (holder && isAlive(holder)) throw new SessionLockedError(logFile, holder.pid);
    // Stale (or unreadable): move it aside first, so of two processes taking it over only one
    // removes it, then try again.
    const aside = `${lock}.stale-${process.pid}`;
    try {
      renameSync(lock, aside);
      rmSync(aside, { force: true });
    } catch {
      // Someone else moved it already; the next attempt sees their lock.
    }
  }
  throw new SessionLockedError(logFile, readHolder(lock)?.pid);
}

/** Removes the lock if it is still this process's. */
export function releaseSessionLock(lock: string): void {
  const holder = readHolder(lock);
  if (holder && holder.pid === process.pid && holder.host === hostname()) rmSync(lock, { force: true });
}

function readHolder(lock: string): Holder | undefined {
  try {
    const v = JSON.parse(readFileSync(lock, 'utf8')) as Partial<Holder>;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(holder: Holder): boolean {
  // A process on another machine (a shared home folder) cannot be checked: its lock stands.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
