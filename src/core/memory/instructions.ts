// Project instruction files: AGENTS.md (the cross-tool convention) and CLAUDE.md (so projects set up
// for Claude Code work unchanged). Both are read when both exist; the user's own folder comes first,
// then each workspace root. Files in sub-folders are added later, when the agent reads a file there.
import { readFile, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export const INSTRUCTION_FILE_NAMES = ['AGENTS.md', 'CLAUDE.md'] as const;
export const DEFAULT_MAX_BYTES_PER_FILE = 20_000;

export interface InstructionFile {
  path: string;
  scope: 'user' | 'project' | 'nested';
  content: string;
  truncated: boolean;
  /** Set when the file exists but could not be read; content then says so. */
  error?: string;
}

export interface LoadInstructionsOptions {
  /** The user's own folder (~/.tandem). */
  userDir?: string;
  roots: string[];
  maxBytesPerFile?: number;
}

export async function loadInstructions(opts: LoadInstructionsOptions): Promise<InstructionFile[]> {
  const max = opts.maxBytesPerFile ?? DEFAULT_MAX_BYTES_PER_FILE;
  const dirs: { dir: string; scope: InstructionFile['scope'] }[] = [];
  if (opts.userDir) dirs.push({ dir: opts.userDir, scope: 'user' });
  for (const root of opts.roots) dirs.push({ dir: root, scope: 'project' });
  const out: InstructionFile[] = [];
  // A CLAUDE.md that is a symlink to AGENTS.md (common), or a root that is also the user folder,
  // would otherwise be included twice.
  const seen = new Set<string>();
  for (const { dir, scope } of dirs) {
    for (const file of await readInstructionFiles(dir, scope, max, seen)) out.push(file);
  }
  return out;
}

export interface NestedOptions {
  maxBytesPerFile?: number;
}

/**
 * Instruction files in the folders from just below the workspace root containing `absFilePath`
 * down to the file's own folder (outermost first) that are not in `alreadyLoaded`. The returned
 * paths, and those found missing, are added to `alreadyLoaded`, so each folder is looked at once
 * per session (a file created later in the session is not picked up). Files outside
 * every root get none.
 */
export async function nestedInstructionsFor(
  absFilePath: string,
  roots: string[],
  alreadyLoaded: Set<string>,
  opts: NestedOptions = {},
): Promise<InstructionFile[]> {
  const file = resolve(absFilePath);
  // The deepest root wins when workspace folders are nested.
  const root = roots
    .map((r) => resolve(r))
    .filter((r) => isInside(r, file))
    .sort((a, b) => b.length - a.length)[0];
  if (!root) return [];
  const parts = relative(root, dirname(file)).split(sep).filter(Boolean);
  const out: InstructionFile[] = [];
  const seen = new Set<string>();
  let dir = root;
  for (const part of parts) {
    dir = join(dir, part);
    for (const name of INSTRUCTION_FILE_NAMES) {
      const path = join(dir, name);
      if (alreadyLoaded.has(path)) continue;
      const loaded = await readInstructionFile(path, 'nested', opts.maxBytesPerFile ?? DEFAULT_MAX_BYTES_PER_FILE, seen);
      // Misses are remembered too: every Read would otherwise look for the same absent files again.
      alreadyLoaded.add(path);
      if (loaded) out.push(loaded);
    }
  }
  return out;
}

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

async function readInstructionFiles(dir: string, scope: InstructionFile['scope'], max: number, seen: Set<string>): Promise<InstructionFile[]> {
  const out: InstructionFile[] = [];
  for (const name of INSTRUCTION_FILE_NAMES) {
    const file = await readInstructionFile(join(dir, name), scope, max, seen);
    if (file) out.push(file);
  }
  return out;
}

/** Undefined when the file does not exist (or was already read under another name). */
async function readInstructionFile(path: string, scope: InstructionFile['scope'], max: number, seen: Set<string>): Promise<InstructionFile | undefined> {
  let bytes: Buffer;
  try {
    const real = await realpath(path);
    if (seen.has(real)) return undefined;
    seen.add(real);
    bytes = await readFile(real);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    // Visible rather than dropped: the user expects this file to shape the agent's behaviour.
    const error = `${code ?? 'error'}: ${(err as Error).message}`;
    return { path, scope, content: `[This instruction file could not be read (${error}).]`, truncated: false, error };
  }
  const { text, truncated } = truncateUtf8(bytes, max);
  return { path, scope, content: text, truncated };
}

/** Cuts at `max` bytes without splitting a character, and says how much was kept. */
export function truncateUtf8(bytes: Buffer, max: number): { text: string; truncated: boolean } {
  if (bytes.length <= max) return { text: bytes.toString('utf8'), truncated: false };
  let end = Math.max(0, max);
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  const kept = bytes.subarray(0, end).toString('utf8');
  return { text: `${kept}\n\n[truncated: ${end} of ${bytes.length} bytes shown]`, truncated: true };
}
