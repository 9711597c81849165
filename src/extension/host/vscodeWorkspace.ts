// The Workspace port inside VS Code. What the agent reads is what the user sees: an open editor with
// unsaved changes is read from its buffer, everything else through vscode.workspace.fs. Glob and Grep
// use the ripgrep VS Code ships and leave out what files.exclude and search.exclude hide.
import { existsSync, realpathSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findRipgrep } from '../../core/node/ripgrep';
import type { DirEntry, FileStat, Workspace } from '../../core/ports';

const RG = process.platform === 'win32' ? 'rg.exe' : 'rg';

/** Why Glob and Grep cannot run, for a log line or a notification when vscodeRipgrep() finds nothing. */
export function ripgrepMissingMessage(appRoot: string = vscode.env.appRoot): string {
  return (
    `Tandem could not find ripgrep: it is neither on PATH nor inside this VS Code (${appRoot}). ` +
    'Glob and Grep will answer with an error until ripgrep is installed (apt install ripgrep, brew install ripgrep, ' +
    'winget install BurntSushi.ripgrep.MSVC) and the window is reloaded; the Bash tool can still use find and grep.'
  );
}

/** The ripgrep VS Code ships (wherever this build keeps it), else one on PATH or from npm. */
export function vscodeRipgrep(appRoot: string = vscode.env.appRoot): string | undefined {
  const candidates = [
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', RG),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', RG),
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, RG),
  ].filter((p) => existsSync(p));
  return findRipgrep({ candidates });
}

export interface VscodeWorkspaceOptions {
  /** ripgrep to use; defaults to vscodeRipgrep(). */
  ripgrepPath?: string;
}

export class VscodeWorkspace implements Workspace {
  private readonly rg: string | undefined;
  private readonly canonical = new Map<string, string>();

  constructor(options: VscodeWorkspaceOptions = {}) {
    this.rg = 'ripgrepPath' in options ? options.ripgrepPath : vscodeRipgrep();
  }

  /**
   * The local (file-scheme) workspace folders as canonical paths, in VS Code's order; read on every
   * call so folders added or removed while a session runs are seen. Empty when no folder is open.
   */
  roots(): string[] {
    return this.folders().map((f) => this.canonicalRoot(f.uri.fsPath));
  }

  async readFile(absPath: string): Promise<Uint8Array> {
    const doc = await this.dirtyDocument(absPath);
    if (doc) return Buffer.from(doc.getText(), 'utf8');
    try {
      return await vscode.workspace.fs.readFile(vscode.Uri.file(absPath));
    } catch (err) {
      throw asNodeError(err, absPath);
    }
  }

  async stat(absPath: string): Promise<FileStat | undefined> {
    let s: vscode.FileStat;
    try {
      s = await vscode.workspace.fs.stat(vscode.Uri.file(absPath));
    } catch (err) {
      const e = asNodeError(err, absPath);
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
      throw e;
    }
    return { type: kind(s.type), size: s.size, mtimeMs: s.mtime };
  }

  async list(absDir: string): Promise<DirEntry[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(absDir));
      return entries.map(([name, type]) => ({ name, type: kind(type) }));
    } catch (err) {
      throw asNodeError(err, absDir);
    }
  }

  /** Canonical path; for a path that does not exist yet, its nearest existing ancestor is resolved. */
  async realpath(absPath: string): Promise<string> {
    const abs = path.resolve(absPath);
    try {
      return await fs.realpath(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = path.dirname(abs);
      if (parent === abs) return abs;
      return path.join(await this.realpath(parent), path.basename(abs));
    }
  }

  ripgrepPath(): string | undefined {
    return this.rg;
  }

  /** What to tell the user when no ripgrep was found (ripgrepMissingMessage()), else undefined. */
  ripgrepProblem(): string | undefined {
    return this.rg ? undefined : ripgrepMissingMessage();
  }

  /**
   * The `files.exclude` and `search.exclude` globs set to true, for every folder (a folder may have
   * settings of its own). Entries with a `when` condition ("$(basename).ts") are not applied: ripgrep
   * cannot express "only when a sibling exists", so those files stay searchable.
   */
  excludeGlobs(): string[] {
    const globs = new Set<string>();
    const scopes: (vscode.Uri | undefined)[] = this.folders().map((f) => f.uri);
    if (scopes.length === 0) scopes.push(undefined);
    for (const scope of scopes) {
      for (const [section, key] of [['files', 'exclude'], ['search', 'exclude']] as const) {
        const map = vscode.workspace.getConfiguration(section, scope).get<Record<string, unknown>>(key) ?? {};
        for (const [glob, on] of Object.entries(map)) if (on === true && glob.trim() !== '') globs.add(glob);
      }
    }
    return [...globs];
  }

  private folders(): readonly vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  }

  private canonicalRoot(fsPath: string): string {
    let real = this.canonical.get(fsPath);
    if (real === undefined) {
      try {
        real = realpathSync.native(fsPath);
      } catch {
        real = path.resolve(fsPath); // a folder deleted while open: keep its name, reads will say ENOENT
      }
      this.canonical.set(fsPath, real);
    }
    return real;
  }

  /**
   * The open document for this path when it has unsaved changes. Paths the core uses are canonical
   * while an editor may have been opened through a symlink, so dirty documents whose path differs
   * are compared by their real path too.
   */
  private async dirtyDocument(absPath: string): Promise<vscode.TextDocument | undefined> {
    const dirty = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && d.isDirty);
    if (dirty.length === 0) return undefined;
    const exact = dirty.find((d) => d.uri.fsPath === absPath);
    if (exact) return exact;
    const wanted = await this.realpath(absPath).catch(() => absPath);
    for (const d of dirty) {
      if ((await this.realpath(d.uri.fsPath).catch(() => d.uri.fsPath)) === wanted) return d;
    }
    return undefined;
  }
}

function kind(type: vscode.FileType): FileStat['type'] {
  // A symlink's type carries the SymbolicLink bit next to its target's type; a broken one has neither.
  if (type & vscode.FileType.Directory) return 'directory';
  if (type & vscode.FileType.File) return 'file';
  return 'other';
}

const ERRNO: Record<string, string> = {
  FileNotFound: 'ENOENT',
  FileNotADirectory: 'ENOTDIR',
  FileIsADirectory: 'EISDIR',
  FileExists: 'EEXIST',
  NoPermissions: 'EACCES',
  Unavailable: 'EAGAIN',
};

/** vscode.FileSystemError as the Node-style error the core expects (ports.ts: "ENOENT-style errors"). */
function asNodeError(err: unknown, absPath: string): NodeJS.ErrnoException {
  if (!(err instanceof vscode.FileSystemError)) return err as NodeJS.ErrnoException;
  const code = ERRNO[err.code] ?? 'EIO';
  const what = code === 'ENOENT' ? 'no such file or directory' : err.message;
  const e: NodeJS.ErrnoException = new Error(`${code}: ${what}, '${absPath}'`);
  e.code = code;
  e.path = absPath;
  return e;
}
