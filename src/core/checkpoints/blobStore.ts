// Content-addressed storage for checkpoint file contents: each distinct content is stored once, under
// its sha256, in the host's storage folder (in VS Code: context.globalStorageUri), never in the
// workspace. The same bytes captured in many turns or sessions cost one file.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

export function sha256(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

export class BlobStore {
  constructor(readonly dir: string) {}

  /** Where a blob lives: `<dir>/ab/cdef…` (a two-letter fan-out keeps folders small). */
  pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new Error(`"${hash}" is not a checkpoint blob id (64 lowercase hex digits).`);
    return path.join(this.dir, hash.slice(0, 2), hash.slice(2));
  }

  /**
   * Stores `content` (a string is stored as UTF-8) and returns its sha256. Written to a temporary
   * file and renamed into place, so a reader (or a crash) never sees a partly written blob under a
   * real id; a blob already there is not written again.
   */
  async put(content: Uint8Array | string): Promise<string> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const hash = sha256(bytes);
    if (await this.has(hash)) return hash;
    const file = this.pathOf(hash);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // The temp file sits beside the target (same file system, so rename is atomic) and starts with a
    // dot, which no blob name does.
    const temp = path.join(path.dirname(file), `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await fs.writeFile(temp, bytes, { flag: 'wx' });
      await fs.rename(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw new Error(`Could not save a checkpoint of a file in ${this.dir}: ${(err as Error).message}. Check that the folder is writable and the disk is not full.`);
    }
    return hash;
  }

  async get(hash: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(hash));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`The checkpoint blob ${hash} is missing from ${this.dir} (the storage folder was cleared?); this file cannot be restored.`);
      }
      throw err;
    }
  }

  async has(hash: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(hash))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}
