// Grep: searches file contents with ripgrep, Claude Code's tool of the same name and fields.
// rg always gets an argument list (never a shell), the pattern after -e so a leading '-' is not read as
// a flag, and nothing that could make it run a program (ripgrep.ts adds --no-config; --pre is never set).
import * as path from 'node:path';
import { z } from 'zod';
import { runRipgrep, VCS_DIRS } from '../node/ripgrep';
import { ripgrepMissing } from './glob';
import { relativeToCwd } from './displayPath';
import type { Workspace } from '../ports';
import type { Tool } from './types';

/** Characters of result the model sees; narrower searches are the way to see more. */
export const MAX_GREP_CHARS = 30_000;

const count = (what: string) =>
  z.number().int().min(0).optional().describe(`${what} Requires output_mode: "content", ignored otherwise.`);

const input = z.object({
  pattern: z.string().min(1).describe('Regular expression to look for (ripgrep syntax)'),
  path: z.string().optional().describe('Absolute file or folder to search; the working directory when left out'),
  glob: z
    .string()
    .optional()
    .describe('Only search files whose path matches this glob, e.g. "*.{ts,tsx}"'),
  output_mode: z
    .enum(['content', 'files_with_matches', 'count'])
    .optional()
    .describe(
      'Output mode: "content" shows matching lines (supports -A/-B/-C context, -n line numbers, head_limit), ' +
        '"files_with_matches" shows file paths (supports head_limit), "count" shows match counts (supports head_limit). ' +
        'Defaults to "files_with_matches".',
    ),
  '-B': count('Number of lines to show before each match (rg -B).'),
  '-A': count('Number of lines to show after each match (rg -A).'),
  '-C': count('Number of lines to show before and after each match (rg -C).'),
  '-n': z
    .boolean()
    .optional()
    .describe('Prefix matching lines with their line numbers (content mode only; on unless set to false)'),
  '-i': z.boolean().optional().describe('Ignore upper and lower case'),
  type: z
    .string()
    .optional()
    .describe('Only search files of this ripgrep type, e.g. js, py, rust, go'),
  head_limit: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Return at most this many lines or entries (0 or absent: no limit beyond the output cap)'),
  multiline: z
    .boolean()
    .optional()
    .describe('Let a match span several lines ("." then also matches newlines)'),
});

type GrepInput = z.infer<typeof input>;

const description = `Searches file contents with a regular expression (ripgrep syntax).
- Prefer this tool to running grep or rg through Bash: its output is capped and it never runs other programs.
- output_mode: "files_with_matches" (the default) lists matching files, newest first; "content" shows the matching lines (with line numbers, and context via -A/-B/-C); "count" gives matches per file.
- Narrow the search with glob ("*.tsx", "src/**/*.py") or type ("js", "py", "rust"); -i ignores case.
- ripgrep syntax: escape literal braces and other special characters (\\{\\} for "{}"). Patterns match within one line unless multiline is true.
- Files ignored by .gitignore and version-control folders are skipped; other hidden files are searched.
- Paths inside the working directory are relative to it; Read and Edit take them joined to it (absolute).`;

export const grepTool: Tool<GrepInput> = {
  name: 'Grep',
  description,
  input,
  readOnly: true,
  subject: (i, cwd) => ({ kind: 'read', path: target(i, cwd) }),
  async execute(i, ctx) {
    const rg = await ctx.workspace.ripgrepPath();
    if (!rg) return ripgrepMissing('Grep');
    const where = target(i, ctx.cwd);
    const stat = await ctx.workspace.stat(where);
    if (!stat) return { content: `Path does not exist: ${where}. Check the path (LS shows what is there).`, isError: true };
    const mode = i.output_mode ?? 'files_with_matches';

    let result;
    try {
      const cwd = stat.type === 'directory' ? where : path.dirname(where);
      result = await runRipgrep(rg, buildArgs(i, mode, where, ctx.workspace.excludeGlobs?.() ?? []), { cwd, signal: ctx.signal });
    } catch (err) {
      return { content: (err as Error).message, isError: true };
    }
    // 1 is ripgrep's "no match"; 2 is an error, which may come with results (e.g. one unreadable file).
    if (result.exitCode === 2 && result.stdout === '') {
      return { content: `Grep failed: ${result.stderr.trim() || 'ripgrep exited with code 2'}`, isError: true };
    }
    let lines = result.stdout.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (ctx.readDenied) lines = lines.filter((l) => !fromDeniedFile(l, mode, ctx.readDenied!));
    if (lines.length === 0) return { content: mode === 'content' ? 'No matches found' : 'No files found' };
    if (mode === 'files_with_matches') lines = await newestFirst(lines, ctx.workspace);

    const notes: string[] = [];
    const total = lines.length;
    if (i.head_limit && lines.length > i.head_limit) {
      lines = lines.slice(0, i.head_limit);
      notes.push(`(Showing the first ${i.head_limit} of ${total}${result.truncated ? '+' : ''} ${mode === 'content' ? 'lines' : 'entries'}.)`);
    }
    let header = '';
    if (mode === 'files_with_matches') header = `Found ${total} file${total === 1 ? '' : 's'}\n`;
    if (mode === 'count') {
      const sum = lines.reduce((n, line) => n + Number(line.slice(line.lastIndexOf(':') + 1) || 0), 0);
      notes.push(`Found ${sum} matching line${sum === 1 ? '' : 's'} across ${lines.length} file${lines.length === 1 ? '' : 's'}.`);
    }
    let body = lines.map((l) => relativeToCwd(l, ctx.cwd)).join('\n');
    if (body.length > MAX_GREP_CHARS || result.truncated) {
      if (body.length > MAX_GREP_CHARS) {
        body = body.slice(0, body.lastIndexOf('\n', MAX_GREP_CHARS) + 1 || MAX_GREP_CHARS).replace(/\n$/, '');
      }
      notes.push(
        `(Output truncated at ${MAX_GREP_CHARS} characters. Narrow the search with path, glob, type or head_limit, ` +
          'or use files_with_matches first.)',
      );
    }
    if (result.exitCode === 2) notes.push(`(Some files could not be searched: ${result.stderr.trim().split('\n')[0]})`);
    return { content: [header + body, ...notes].join('\n') };
  },
};

/** Newest first by modification time (as Claude Code lists them), then by path for equal times. */
async function newestFirst(files: string[], workspace: Workspace): Promise<string[]> {
  const times = await Promise.all(files.map(async (f) => (await workspace.stat(f))?.mtimeMs ?? 0));
  const order = files.map((f, k) => ({ f, t: times[k]! }));
  order.sort((a, b) => b.t - a.t || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
  return order.map((o) => o.f);
}

function target(i: GrepInput, cwd: string): string {
  return path.resolve(cwd, i.path ?? '.');
}

function buildArgs(i: GrepInput, mode: NonNullable<GrepInput['output_mode']>, where: string, excludes: string[]): string[] {
  const args = ['--no-require-git', '--hidden', '--color=never', '--max-columns=500', '--max-columns-preview'];
  if (i['-i']) args.push('-i');
  if (i.multiline) args.push('-U', '--multiline-dotall');
  if (mode === 'files_with_matches') {
    // Sorted here, not by rg's --sortr: ripgrep 13 (Debian's) returns these unsorted.
    args.push('--files-with-matches');
  } else {
    // Sorted by path so the same search gives the same output.
    args.push('--with-filename', '--sort=path');
    if (mode === 'count') args.push('--count');
    else {
      if (i['-n'] ?? true) args.push('--line-number');
      if (i['-C'] !== undefined) args.push(`--context=${i['-C']}`);
      if (i['-B'] !== undefined) args.push(`--before-context=${i['-B']}`);
      if (i['-A'] !== undefined) args.push(`--after-context=${i['-A']}`);
    }
  }
  if (i.type) args.push(`--type=${i.type}`);
  for (const glob of splitGlobs(i.glob)) args.push(`--glob=${glob}`);
  // After the caller's globs, so these win (ripgrep: the last matching glob decides).
  for (const vcs of VCS_DIRS) args.push(`--glob=!${vcs}`);
  // Paths the user hid from search in the host (VS Code's files.exclude / search.exclude).
  for (const glob of excludes) args.push(`--glob=!${glob}`);
  args.push('-e', i.pattern, '--', where);
  return args;
}

/** "*.ts *.tsx" or "*.ts,*.tsx" name several globs; commas inside braces ("*.{ts,tsx}") do not split. */
function splitGlobs(glob: string | undefined): string[] {
  if (!glob) return [];
  return glob
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((g) => (g.includes('{') ? [g] : g.split(',').filter(Boolean)));
}

/** Whether an output line comes from a file a Read deny rule covers (content lines are "path:…" or "path-…"). */
function fromDeniedFile(line: string, mode: NonNullable<GrepInput['output_mode']>, denied: (p: string) => boolean): boolean {
  if (mode === 'files_with_matches') return denied(line);
  for (let k = 1; k < line.length; k++) if ((line[k] === ':' || line[k] === '-') && denied(line.slice(0, k))) return true;
  return false;
}
