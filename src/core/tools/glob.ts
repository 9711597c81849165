// Glob: files whose paths match a pattern, newest first, through ripgrep (so .gitignore is respected).
import * as path from 'node:path';
import { z } from 'zod';
import { globNamesHidden, runRipgrep, VCS_DIRS } from '../node/ripgrep';
import { relativeToCwd } from './displayPath';
import type { Tool, ToolContext, ToolResult } from './types';

export const MAX_GLOB_RESULTS = 100;

const input = z.object({
  pattern: z.string().min(1).describe('The glob pattern to match files against'),
  path: z
    .string()
    .optional()
    .describe(
      'The directory to search in. If not specified, the current working directory will be used. ' +
        'IMPORTANT: Omit this field to use the default directory. DO NOT enter "undefined" or "null" - simply omit it for the default behavior. ' +
        'Must be a valid directory path if provided.',
    ),
});

type GlobInput = z.infer<typeof input>;

const description = `Finds files by name with a glob pattern such as "src/**/*.ts" or "*.md".
- A pattern without "/" matches file names in every folder below the search folder.
- Newest files come first; at most ${MAX_GLOB_RESULTS} paths are returned, with a note when there are more.
- Paths inside the working directory are relative to it; Read and Edit take them joined to it (absolute).
- Files ignored by .gitignore are left out, and so are hidden files unless the pattern names them (".env*", ".github/**").
- To search inside files, use Grep.`;

export const globTool: Tool<GlobInput> = {
  name: 'Glob',
  description,
  input,
  readOnly: true,
  subject: (i, cwd) => ({ kind: 'read', path: searchRoot(i, cwd).dir }),
  async execute(i, ctx) {
    const rg = await ctx.workspace.ripgrepPath();
    if (!rg) return ripgrepMissing('Glob');
    const { dir, pattern } = searchRoot(i, ctx.cwd);
    const problem = await checkDirectory(dir, ctx);
    if (problem) return problem;

    const args = ['--files', '--no-require-git', '--sortr=modified', '--glob', pattern];
    const showHidden = globNamesHidden(pattern);
    if (showHidden) args.push('--hidden');
    for (const vcs of VCS_DIRS) args.push('--glob', `!${vcs}`);
    // Paths the user hid from search in the host (VS Code's files.exclude / search.exclude).
    for (const glob of ctx.workspace.excludeGlobs?.() ?? []) args.push('--glob', `!${glob}`);
    args.push('--', dir);

    let result;
    try {
      result = await runRipgrep(rg, args, { cwd: dir, signal: ctx.signal });
    } catch (err) {
      return { content: (err as Error).message, isError: true };
    }
    if (result.exitCode === 2 && result.stdout === '') {
      return { content: `Glob failed: ${result.stderr.trim() || 'ripgrep exited with code 2'}`, isError: true };
    }
    // ripgrep lets a file that matches a --glob through even when hidden, so hidden paths the
    // pattern did not ask for are dropped here.
    const files = result.stdout
      .split('\n')
      .filter((line) => line !== '' && (showHidden || !isHidden(path.relative(dir, line))))
      .filter((line) => !ctx.readDenied?.(path.resolve(dir, line)));
    if (files.length === 0) return { content: 'No files found' };
    const shown = files.slice(0, MAX_GLOB_RESULTS);
    let content = shown.map((f) => relativeToCwd(f, ctx.cwd)).join('\n');
    if (files.length > shown.length || result.truncated) {
      const total = result.truncated ? `more than ${files.length}` : String(files.length);
      content +=
        `\n(Results are truncated: showing the ${shown.length} most recently modified of ${total} matching files. ` +
        'Use a more specific path or pattern.)';
    }
    return { content };
  },
};

/**
 * Where to search and the pattern relative to it. An absolute pattern ("/repo/src/**\/*.ts") is split
 * at its first segment with a glob character, because ripgrep's globs are relative to the search root.
 */
function searchRoot(i: GlobInput, cwd: string): { dir: string; pattern: string } {
  const given = i.path && i.path !== 'undefined' && i.path !== 'null' ? i.path : '.';
  const dir = path.resolve(cwd, given);
  if (!path.isAbsolute(i.pattern)) return { dir, pattern: i.pattern };
  const segments = i.pattern.split('/');
  const firstGlob = segments.findIndex((s) => /[*?[{]/.test(s));
  const split = firstGlob === -1 ? segments.length - 1 : firstGlob;
  // The leading '/' anchors the rest at the root: a bare "*.ts" would match at any depth.
  return { dir: segments.slice(0, split).join('/') || '/', pattern: `/${segments.slice(split).join('/')}` };
}

function isHidden(relPath: string): boolean {
  return relPath.split(path.sep).some((segment) => segment.startsWith('.'));
}

export async function checkDirectory(dir: string, ctx: ToolContext): Promise<ToolResult | undefined> {
  const stat = await ctx.workspace.stat(dir);
  if (!stat) return { content: `Directory does not exist: ${dir}. Check the path (LS shows what is there).`, isError: true };
  if (stat.type !== 'directory') return { content: `Not a directory: ${dir}. Give the folder to search in.`, isError: true };
  return undefined;
}

export function ripgrepMissing(tool: string): ToolResult {
  return {
    content:
      `${tool} needs ripgrep (rg), which was not found on PATH or in the @vscode/ripgrep-universal package. ` +
      'Install ripgrep, or use the Bash tool (find, grep) instead.',
    isError: true,
  };
}
