// Reading one memory file and following its `@path` imports the way Claude Code documents them:
// relative to the importing file, `~/` for the home folder, absolute paths too; at most five hops
// (six files in a chain, the memory file included), cycles and repeats cut, a missing file noted
// and skipped. Each file read is recorded with where it came from, so /memory can list it.
//
// Beyond Claude Code: an import never reads a file a `Read(...)` deny rule covers or one in a
// folder that holds secrets (~/.ssh...), whoever wrote the import. Imports in project files that
// leave the workspace are "external": listed, and read only when the host allows it (Claude Code
// asks once per project; `claude -p` does not load them until someone said yes).
import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { protectedReason } from '../permissions/paths';
import { stripInvisible } from '../security/unicode';
import { scanMemoryMarkdown } from './markdown';
import type { ExcludeMatcher } from './managed';
import { truncateUtf8 } from './truncate';
import type { InstructionFile, MemoryEntry, MemoryKind, MemoryScope } from './types';

/**
 * Hops from the memory file: CLAUDE.md → a.md → b.md → c.md → d.md → e.md is the longest chain read
 * ("up to 5 levels deep", as the issue and Claude Code's documentation of a 5-hop maximum say; its
 * newest page says four, so a chain that works in Claude Code always works here).
 */
export const MAX_IMPORT_HOPS = 5;

export interface MemoryContext {
  home: string;
  /** The workspace folders' real paths: an import from a project file that leaves them is external. */
  roots: string[];
  maxBytesPerFile: number;
  /** Real paths already read this session: a file enters the prompt once. */
  seen: Set<string>;
  /** Everything found, loaded or not, in the order found (what /memory lists). */
  entries: MemoryEntry[];
  /** True when a Read deny rule covers the path. */
  readDenied?: (absPath: string) => boolean;
  /** Whether imports from project files may read outside the workspace. */
  allowExternal: boolean;
  /** `claudeMdExcludes`: the pattern that skips a file (never a managed one). */
  excluded?: ExcludeMatcher;
}

export interface FileMeta {
  scope: MemoryScope;
  kind: MemoryKind;
  /** The importing files, outermost first (only for imports). */
  importedBy?: string[];
  /** A rule's `paths` globs. */
  paths?: string[];
}

/**
 * Reads `path` (undefined result: it does not exist) and everything it imports. The files come in
 * prompt order: each file's imports before the file itself, so the text around an `@AGENTS.md`
 * reads with the imported file already known. `body` replaces the file's text when the caller
 * already read it (a rule without its frontmatter).
 */
export async function loadMemoryFile(path: string, meta: FileMeta, ctx: MemoryContext, body?: string): Promise<InstructionFile[] | undefined> {
  const read = await readOnce(path, meta, ctx);
  if (!read) return undefined;
  if ('file' in read) return [read.file];
  return expand(path, body ?? read.text, read.truncated, meta, ctx, [read.real]);
}

type ReadResult = { real: string; text: string; truncated: boolean } | { file: InstructionFile } | undefined;

async function readOnce(path: string, meta: FileMeta, ctx: MemoryContext): Promise<ReadResult> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { file: unreadable(path, meta, ctx, err) };
  }
  if (ctx.seen.has(real)) return undefined;
  const pattern = meta.scope === 'managed' ? undefined : ctx.excluded?.(resolve(path), real);
  if (pattern) {
    ctx.entries.push({ path, ...describe(meta), status: 'excluded', note: `claudeMdExcludes: ${pattern}` });
    return undefined;
  }
  const denied = deniedReason(path, real, ctx);
  if (denied) {
    ctx.entries.push({ path, ...describe(meta), status: 'denied', note: denied });
    return undefined;
  }
  ctx.seen.add(real);
  let bytes: Buffer;
  try {
    bytes = await readFile(real);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return undefined;
    return { file: unreadable(path, meta, ctx, err) };
  }
  // An image or other binary file (`@logo.png`) is not instructions: listed, never sent.
  if (bytes.subarray(0, 8000).includes(0)) {
    ctx.entries.push({ path, ...describe(meta), status: 'unreadable', note: 'not a text file' });
    return undefined;
  }
  const { text, truncated } = truncateUtf8(bytes, ctx.maxBytesPerFile);
  return { real, text, truncated };
}

async function expand(path: string, raw: string, truncated: boolean, meta: FileMeta, ctx: MemoryContext, chain: string[]): Promise<InstructionFile[]> {
  // Scanned as the model will read it: nothing invisible can hide or shape an import.
  const { content, imports } = scanMemoryMarkdown(stripInvisible(raw).text);
  const entry: MemoryEntry = { path, ...describe(meta), status: 'loaded' };
  ctx.entries.push(entry);
  const out: InstructionFile[] = [];
  // The file itself is hop 0; an import it makes is hop `chain.length`.
  const hop = chain.length;
  const importedBy = [...(meta.importedBy ?? []), path];
  for (const spec of imports) {
    const target = await resolveImport(spec, dirname(path), ctx.home);
    const child: FileMeta = { scope: meta.scope, kind: 'import', importedBy };
    if (hop > MAX_IMPORT_HOPS) {
      ctx.entries.push({ path: target, ...describe(child), status: 'too-deep', note: `more than ${MAX_IMPORT_HOPS} imports deep` });
      continue;
    }
    let targetReal: string;
    try {
      targetReal = await realpath(target);
    } catch {
      ctx.entries.push({ path: target, ...describe(child), status: 'missing', note: `@${spec} names no file` });
      continue;
    }
    if (chain.includes(targetReal)) {
      ctx.entries.push({ path: target, ...describe(child), status: 'cycle', note: 'imports a file that imports it' });
      continue;
    }
    if (ctx.seen.has(targetReal)) {
      ctx.entries.push({ path: target, ...describe(child), status: 'duplicate', note: 'already loaded' });
      continue;
    }
    // Judged on the real path: a link inside the workspace that points out of it is external too.
    if (meta.scope !== 'user' && meta.scope !== 'managed' && !ctx.allowExternal && !ctx.roots.some((r) => inside(targetReal, r))) {
      ctx.entries.push({ path: target, ...describe(child), status: 'external', note: 'outside the workspace: not loaded until external imports are approved' });
      continue;
    }
    const read = await readOnce(target, child, ctx);
    if (!read) continue;
    if ('file' in read) {
      out.push(read.file);
      continue;
    }
    out.push(...(await expand(target, read.text, read.truncated, child, ctx, [...chain, read.real])));
  }
  out.push({ path, ...describe(meta), content, truncated });
  return out;
}

/** `~/x` below home, absolute as is, anything else beside the importing file; a trailing `.`/`,` is dropped when only the shorter path exists. */
async function resolveImport(spec: string, dir: string, home: string): Promise<string> {
  const abs = (s: string) => (s === '~' || s.startsWith('~/') ? join(home, s.slice(2)) : isAbsolute(s) ? resolve(s) : resolve(dir, s));
  const full = abs(spec);
  const trimmed = spec.replace(/[.,;:!?)\]]+$/, '');
  if (trimmed === spec || !trimmed) return full;
  try {
    await realpath(full);
    return full;
  } catch {
    return abs(trimmed);
  }
}

function deniedReason(path: string, real: string, ctx: MemoryContext): string | undefined {
  if (ctx.readDenied?.(path) || ctx.readDenied?.(real)) return 'a deny rule for Read covers it';
  return protectedReason(real, 'read', ctx.home) ?? protectedReason(resolve(path), 'read', ctx.home);
}

function unreadable(path: string, meta: FileMeta, ctx: MemoryContext, err: unknown): InstructionFile {
  const error = `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${(err as Error).message}`;
  ctx.entries.push({ path, ...describe(meta), status: 'unreadable', note: error });
  // Visible rather than dropped: the user expects this file to shape the agent's behaviour.
  return { path, ...describe(meta), content: `[This instruction file could not be read (${error}).]`, truncated: false, error };
}

function describe(meta: FileMeta): Pick<MemoryEntry, 'scope' | 'kind' | 'importedBy' | 'paths'> {
  return { scope: meta.scope, kind: meta.kind, ...(meta.importedBy ? { importedBy: meta.importedBy } : {}), ...(meta.paths ? { paths: meta.paths } : {}) };
}

/** True when `file` is `dir` or below it (both real paths). */
export function inside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
