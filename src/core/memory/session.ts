// One session's memory files, found as Claude Code finds them (see issue 13 and Claude Code's
// "How Claude remembers your project"), plus Tandem's own ~/.tandem and AGENTS.md files:
//   0. the managed (organization) CLAUDE.md (managed.ts) and the managed settings' `claudeMd` text,
//      which claudeMdExcludes cannot skip;
//   1. ~/.tandem/AGENTS.md and CLAUDE.md, ~/.claude/CLAUDE.md, ~/.claude/rules/**.md (user);
//   2. for each workspace folder, from the repository root (the nearest folder above holding .git;
//      without one, the workspace folder alone) down to the workspace folder: CLAUDE.md,
//      .claude/CLAUDE.md, CLAUDE.local.md, AGENTS.md, then that folder's .claude/rules/**.md;
//   3. later, when the agent reads (writes, edits) a file: the instruction files and .claude/rules
//      of the folders between the workspace folder and the file, and the rules whose `paths` match it.
// Every file's `@path` imports come just before it (imports.ts). Each file enters once. A file (or
// rule, or import) that a `claudeMdExcludes` pattern matches is listed as excluded and not read.
import { homedir } from 'node:os';
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { inside, loadMemoryFile } from './imports';
import type { FileMeta, MemoryContext } from './imports';
import { excludeMatcher, managedMemoryFile } from './managed';
import { findRuleFiles, readRule, ruleMatches } from './rules';
import type { RuleFile } from './rules';
import { stripInvisible } from '../security/unicode';
import { DEFAULT_MAX_BYTES_PER_FILE, truncateUtf8 } from './truncate';
import type { InstructionFile, MemoryEntry, MemoryScope } from './types';

/** The names looked for in each folder, in the order they enter the prompt. */
export const MEMORY_FILE_NAMES: readonly { name: string; scope: 'project' | 'local' }[] = [
  { name: 'CLAUDE.md', scope: 'project' },
  { name: join('.claude', 'CLAUDE.md'), scope: 'project' },
  { name: 'CLAUDE.local.md', scope: 'local' },
  { name: 'AGENTS.md', scope: 'project' },
];

export interface MemoryOptions {
  /** Tandem's user folder (~/.tandem); its AGENTS.md and CLAUDE.md are user instructions. */
  userDir?: string;
  /** Default: os.homedir(). ~/.claude and `@~/...` imports are below it. */
  home?: string;
  /** The folders whose memory files load (and whose sub-folders' files join on a Read). */
  roots: string[];
  /** Every folder the agent may work in (default `roots`): imports inside them are not external. */
  workspaceRoots?: string[];
  maxBytesPerFile?: number;
  /** True when a Read deny rule covers the path: such a file is never loaded. */
  readDenied?: (absPath: string) => boolean;
  /** Load imports (and linked rules) from outside the workspace in project files. Default false. */
  allowExternalImports?: boolean;
  /** The managed CLAUDE.md. Default: TANDEM_MANAGED_MEMORY or Claude Code's path for the platform; null reads none. */
  managedFile?: string | null;
  /** `claudeMdExcludes` from every settings level: glob patterns of absolute paths of memory files to skip. */
  excludes?: readonly string[];
  /** The `claudeMd` text of the managed settings file: managed instructions, after the managed CLAUDE.md. */
  managedText?: { file: string; text: string };
}

interface PendingRule {
  rule: RuleFile;
  scope: MemoryScope;
  entry: MemoryEntry;
}

export class MemorySession {
  private loading?: Promise<InstructionFile[]>;
  private readonly ctx: MemoryContext;
  private readonly pending: PendingRule[] = [];
  /** Folder instruction files already looked for below the roots (found or not). */
  private readonly lookedAt = new Set<string>();

  constructor(private readonly opts: MemoryOptions) {
    this.ctx = {
      home: opts.home ?? homedir(),
      roots: [],
      maxBytesPerFile: opts.maxBytesPerFile ?? DEFAULT_MAX_BYTES_PER_FILE,
      seen: new Set(),
      entries: [],
      readDenied: opts.readDenied,
      allowExternal: opts.allowExternalImports ?? false,
      excluded: opts.excludes?.length ? excludeMatcher(opts.excludes) : undefined,
    };
  }

  /** The files for the system prompt, read once per session. */
  load(): Promise<InstructionFile[]> {
    return (this.loading ??= this.loadAll());
  }

  /** Every memory file found so far, loaded or not, with where it came from (what /memory lists). */
  async entries(): Promise<MemoryEntry[]> {
    await this.load();
    return this.ctx.entries.map((e) => ({ ...e }));
  }

  /**
   * What reading `absFilePath` adds: the instruction files of the folders from just below its
   * workspace folder down to its own (outermost first), and the rules whose `paths` match it, each
   * with its imports; each at most once per session. A file created later in a folder already
   * looked at is not picked up.
   */
  async onRead(absFilePath: string): Promise<InstructionFile[]> {
    await this.load();
    const file = resolve(absFilePath);
    const real = await realpath(file).catch(() => file);
    const out: InstructionFile[] = [];
    for (const dir of this.foldersBelowRoot(file)) {
      for (const { name } of MEMORY_FILE_NAMES) {
        const path = join(dir, name);
        if (this.lookedAt.has(path)) continue;
        this.lookedAt.add(path);
        out.push(...((await loadMemoryFile(path, { scope: 'nested', kind: 'file' }, this.ctx)) ?? []));
      }
      // A sub-folder's own .claude/rules: its rules without `paths` now, the others (checked just below) on a match.
      const rulesDir = join(dir, '.claude', 'rules');
      if (!this.lookedAt.has(rulesDir)) {
        this.lookedAt.add(rulesDir);
        out.push(...(await this.rules(rulesDir, [dir], 'nested', dir)));
      }
    }
    for (const p of [...this.pending]) {
      if (!ruleMatches(p.rule.paths!, [file, real], p.rule.bases)) continue;
      this.pending.splice(this.pending.indexOf(p), 1);
      this.ctx.entries.splice(this.ctx.entries.indexOf(p.entry), 1);
      out.push(...((await loadMemoryFile(p.rule.path, { scope: p.scope, kind: 'rule', paths: p.rule.paths }, this.ctx, p.rule.body)) ?? []));
    }
    return out;
  }

  private async loadAll(): Promise<InstructionFile[]> {
    this.ctx.roots = await Promise.all((this.opts.workspaceRoots ?? this.opts.roots).map((r) => realpath(r).catch(() => resolve(r))));
    const out: InstructionFile[] = [];
    const add = async (path: string, meta: FileMeta) => out.push(...((await loadMemoryFile(path, meta, this.ctx)) ?? []));
    const managed = this.opts.managedFile === undefined ? managedMemoryFile() : this.opts.managedFile;
    if (managed) await add(managed, { scope: 'managed', kind: 'file' });
    if (this.opts.managedText) out.push(this.managedText(this.opts.managedText));
    if (this.opts.userDir) for (const name of ['AGENTS.md', 'CLAUDE.md']) await add(join(this.opts.userDir, name), { scope: 'user', kind: 'file' });
    const claudeDir = join(this.ctx.home, '.claude');
    await add(join(claudeDir, 'CLAUDE.md'), { scope: 'user', kind: 'file' });
    out.push(...(await this.rules(join(claudeDir, 'rules'), this.opts.roots.map((r) => resolve(r)), 'user')));
    for (const root of this.opts.roots) {
      for (const dir of await projectFolders(resolve(root))) {
        for (const { name, scope } of MEMORY_FILE_NAMES) await add(join(dir, name), { scope, kind: 'file' });
        out.push(...(await this.rules(join(dir, '.claude', 'rules'), [dir], 'project', dir)));
      }
    }
    return out;
  }

  /** Managed instructions kept in the managed settings file (its `claudeMd` key), listed under that file. */
  private managedText({ file, text }: { file: string; text: string }): InstructionFile {
    const { text: content, truncated } = truncateUtf8(Buffer.from(stripInvisible(text).text), this.ctx.maxBytesPerFile);
    this.ctx.entries.push({ path: file, scope: 'managed', kind: 'file', status: 'loaded', note: 'the claudeMd key of the managed settings' });
    return { path: file, scope: 'managed', kind: 'file', content, truncated };
  }

  /** The always-loaded rules below `rulesDir`, loaded now; the others wait for a matching Read. */
  private async rules(rulesDir: string, bases: string[], scope: MemoryScope, projectDir?: string): Promise<InstructionFile[]> {
    const out: InstructionFile[] = [];
    const realProject = projectDir && (await realpath(projectDir).catch(() => projectDir));
    for (const path of await findRuleFiles(rulesDir)) {
      const rule = await readRule(path, bases);
      if (!rule) continue;
      const meta: FileMeta = { scope, kind: 'rule', ...(rule.paths ? { paths: rule.paths } : {}) };
      // A rule reached through a link is excluded by a pattern for either path (Claude Code's rule).
      const pattern = this.ctx.excluded?.(path, await realpath(path).catch(() => path));
      if (pattern) {
        this.ctx.entries.push({ path, ...meta, status: 'excluded', note: `claudeMdExcludes: ${pattern}` });
        continue;
      }
      // A project rule linked from outside its project is an external import (Claude Code's rule):
      // loaded only when those are allowed, and then only when it has no `paths`.
      if (realProject && !inside(await realpath(path).catch(() => path), realProject)) {
        if (!this.ctx.allowExternal || rule.paths) {
          this.ctx.entries.push({ path, ...meta, status: 'external', note: 'a link to a file outside the project: not loaded until external imports are approved' });
          continue;
        }
      }
      if (rule.paths) {
        const entry: MemoryEntry = { path, ...meta, status: 'on-demand', note: `loaded when a file matching ${rule.paths.join(', ')} is read` };
        this.ctx.entries.push(entry);
        this.pending.push({ rule, scope, entry });
        continue;
      }
      out.push(...((await loadMemoryFile(path, meta, this.ctx, rule.body)) ?? []));
    }
    return out;
  }

  /** The folders from just below the deepest workspace folder holding `file` down to the file's own. */
  private foldersBelowRoot(file: string): string[] {
    const root = this.opts.roots
      .map((r) => resolve(r))
      .filter((r) => {
        const rel = relative(r, file);
        return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
      })
      .sort((a, b) => b.length - a.length)[0];
    if (!root) return [];
    const out: string[] = [];
    let dir = root;
    for (const part of relative(root, dirname(file)).split(sep).filter(Boolean)) {
      dir = join(dir, part);
      out.push(dir);
    }
    return out;
  }
}

/** From the repository root holding `root` (the nearest folder with .git) down to `root`; only `root` outside a repository. */
export async function projectFolders(root: string): Promise<string[]> {
  const chain: string[] = [];
  let dir = root;
  for (;;) {
    chain.unshift(dir);
    if (await stat(join(dir, '.git')).then(() => true, () => false)) return chain;
    const up = dirname(dir);
    if (up === dir) return [root];
    dir = up;
  }
}
