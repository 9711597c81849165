// The Workspace port over the local file system, for the CLI and the SDK. The VS Code host has
// its own (it reads dirty editor buffers); this one reads what is on disk.
import { realpathSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DirEntry, FileStat, Workspace } from '../ports';

export interface NodeWorkspaceOptions {
  /** Workspace folders; relative ones are resolved against process.cwd(). The first is the default cwd. */
  roots: string[];
  /** ripgrep binary for Glob and Grep, when the host found one, or the lookup under way (findRipgrepAsync). */
  ripgrepPath?: string | Promise<string | undefined>;
}

export class NodeWorkspace implements Workspace {
  private readonly rootList: string[];
  private readonly rg: string | undefined | Promise<string | undefined>;

  constructor(options: NodeWorkspaceOptions) {
    if (options.roots.length === 0) throw new Error('NodeWorkspace needs at least one root folder.');
    // Canonical roots, so path checks compare like with like (symlinked home folders, macOS /private/tmp).
    this.rootList = options.roots.map((root) => {
      const abs = path.resolve(root);
      try {
        return realpathSync.native(abs);
      } catch (err) {
        throw new Error(`Workspace folder ${abs} cannot be opened: ${(err as Error).message}`);
      }
    });
    this.rg = options.ripgrepPath;
  }

  roots(): string[] {
    return [...this.rootList];
  }

  async readFile(absPath: string): Promise<Uint8Array> {
    return fs.readFile(absPath);
  }

  async stat(absPath: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(absPath);
      return { type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size, mtimeMs: s.mtimeMs };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async list(absDir: string): Promise<DirEntry[]> {
    const entries = await fs.readdir(absDir, { withFileTypes: true });
    return Promise.all(
      entries.map(async (e): Promise<DirEntry> => {
        if (e.isFile()) return { name: e.name, type: 'file' };
        if (e.isDirectory()) return { name: e.name, type: 'directory' };
        if (e.isSymbolicLink()) {
          // Report what the link points to; a broken link is 'other'.
          const target = await this.stat(path.join(absDir, e.name)).catch(() => undefined);
          return { name: e.name, type: target?.type ?? 'other' };
        }
        return { name: e.name, type: 'other' };
      }),
    );
  }

  /** Canonical path; for a path that does not exist yet, its nearest existing ancestor is resolved. */
  async realpath(absPath: string): Promise<string> {
    const abs = path.resolve(absPath);
    try {
      return await fs.realpath(abs);
    } catch (err) {
      if (!isMissing(err)) throw err;
      const parent = path.dirname(abs);
      if (parent === abs) return abs;
      return path.join(await this.realpath(parent), path.basename(abs));
    }
  }

  ripgrepPath(): string | undefined | Promise<string | undefined> {
    return this.rg;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
