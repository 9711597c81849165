// Collection of checkpoint blobs. A blob is kept while some session log still names it in a
// `checkpoint` event (a rewind to that message may need it). Blobs no log names are removed once they
// are old enough that no live session can be about to log them. Above the disk quota, the blobs only
// the oldest sessions need go first: rewinds in those sessions then report the file as not restorable
// (BlobStore.get says why), and nothing newer is touched.
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { BlobStore } from './blobStore';

export interface CollectOptions {
  store: BlobStore;
  /** Folders holding session logs (*.jsonl, searched recursively) that may name blobs of this store. */
  sessionDirs: string[];
  /** Disk quota for the store in bytes; default 1 GiB. */
  quotaBytes?: number;
  /** A blob no log names is kept this long after it was written (a live session logs it soon); default 1 hour. */
  graceMs?: number;
  now?: number;
}

export interface CollectReport {
  /** Blobs removed because no session log names them. */
  unreferenced: number;
  /** Blobs removed, oldest sessions first, to get under the quota. */
  overQuota: number;
  freedBytes: number;
  /** What the store holds afterwards. */
  keptBytes: number;
}

const DEFAULT_QUOTA = 1024 ** 3;
const HOUR = 60 * 60 * 1000;

export async function collectBlobs(opts: CollectOptions): Promise<CollectReport> {
  const now = opts.now ?? Date.now();
  const quota = opts.quotaBytes ?? DEFAULT_QUOTA;
  const grace = opts.graceMs ?? HOUR;
  // Read the blobs first: one written after this listing cannot be removed by this run.
  const blobs = await listBlobs(opts.store.dir);
  const usedUntil = await referencedBlobs(opts.sessionDirs);
  const report: CollectReport = { unreferenced: 0, overQuota: 0, freedBytes: 0, keptBytes: 0 };
  const kept: (Blob & { usedUntil: number })[] = [];
  for (const b of blobs) {
    const used = usedUntil.get(b.hash);
    if (used === undefined && now - b.mtimeMs > grace) {
      if (await remove(b.file)) {
        report.unreferenced++;
        report.freedBytes += b.size;
      }
    } else kept.push({ ...b, usedUntil: used ?? now });
  }
  let total = kept.reduce((n, b) => n + b.size, 0);
  // Above the quota: the blobs whose newest referencing session is oldest go first.
  kept.sort((a, b) => a.usedUntil - b.usedUntil);
  for (const b of kept) {
    if (total <= quota) break;
    if (now - b.usedUntil <= grace) break; // only what a session still running might need is left
    if (await remove(b.file)) {
      report.overQuota++;
      report.freedBytes += b.size;
      total -= b.size;
    }
  }
  report.keptBytes = total;
  return report;
}

interface Blob {
  hash: string;
  file: string;
  size: number;
  mtimeMs: number;
}

async function listBlobs(dir: string): Promise<Blob[]> {
  const out: Blob[] = [];
  for (const fan of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(fan)) continue; // .windows, stray files
    for (const rest of await fs.readdir(path.join(dir, fan)).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{62}$/.test(rest)) continue; // .tmp-* files of a put in progress
      const file = path.join(dir, fan, rest);
      const s = await fs.stat(file).catch(() => undefined);
      if (s?.isFile()) out.push({ hash: fan + rest, file, size: s.size, mtimeMs: s.mtimeMs });
    }
  }
  return out;
}

/** Every blob hash a `checkpoint` event names → the newest mtime of a log naming it. */
async function referencedBlobs(dirs: string[]): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  for (const file of (await Promise.all(dirs.map(logsUnder))).flat()) {
    const s = await fs.stat(file).catch(() => undefined);
    if (!s) continue;
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.includes('"checkpoint"')) continue;
      let event: { type?: unknown; files?: unknown };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        continue; // a torn or corrupt line names nothing
      }
      if (event.type !== 'checkpoint' || !Array.isArray(event.files)) continue;
      for (const f of event.files as { hash?: unknown }[]) {
        if (typeof f?.hash === 'string') used.set(f.hash, Math.max(used.get(f.hash) ?? 0, s.mtimeMs));
      }
    }
  }
  return used;
}

async function logsUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return logsUnder(p);
      return Promise.resolve(e.isFile() && e.name.endsWith('.jsonl') ? [p] : []);
    }),
  );
  return nested.flat();
}

async function remove(file: string): Promise<boolean> {
  try {
    await fs.rm(file);
    return true;
  } catch {
    return false;
  }
}
