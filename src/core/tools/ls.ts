// LS: a tree of a directory, breadth first so a large tree still shows its top levels, through the
// Workspace port (so in VS Code it lists what the editor sees).
import * as path from 'node:path';
import { z } from 'zod';
import type { DirEntry } from '../ports';
import type { Tool } from './types';

export const MAX_LS_ENTRIES = 1000;

/** Never listed: version-control internals. */
const SKIPPED = new Set(['.git', '.hg', '.svn', '.jj', '.sl', '.bzr']);
/** Listed but not opened: huge, generated, and rarely what the model is looking for. */
const NOT_OPENED = new Set(['node_modules', '__pycache__', '.venv']);

const input = z.object({
  path: z.string().min(1).describe('The absolute path to the directory to list (must be absolute, not relative)'),
  ignore: z.array(z.string()).optional().describe('List of glob patterns to ignore'),
});

type LsInput = z.infer<typeof input>;

const description =
  'Lists a folder as an indented tree; folder names end in "/". path is absolute. ' +
  'ignore takes glob patterns of names to leave out. ' +
  `Shows at most ${MAX_LS_ENTRIES} entries, the nearest levels first; .git is skipped and node_modules is shown but not opened. ` +
  'To find files by name or content, Glob and Grep are faster.';

interface Node {
  name: string;
  isDir: boolean;
  opened: boolean;
  children: Node[];
}

export const lsTool: Tool<LsInput> = {
  name: 'LS',
  description,
  input,
  readOnly: true,
  subject: (i, cwd) => ({ kind: 'read', path: path.resolve(cwd, i.path) }),
  async execute(i, ctx) {
    const rootPath = path.resolve(ctx.cwd, i.path);
    const stat = await ctx.workspace.stat(rootPath);
    if (!stat) return { content: `Directory does not exist: ${rootPath}`, isError: true };
    if (stat.type !== 'directory') return { content: `Not a directory: ${rootPath}. Use Read to see a file.`, isError: true };
    const ignore = (i.ignore ?? []).map(globToRegExp);
    const isIgnored = (rel: string, name: string) => ignore.some((re) => re.test(rel) || re.test(name));

    const root: Node = { name: rootPath, isDir: true, opened: true, children: [] };
    const queue: { node: Node; abs: string; rel: string }[] = [{ node: root, abs: rootPath, rel: '' }];
    const unreadable: string[] = [];
    let count = 0;
    let truncated = false;
    while (queue.length > 0 && !truncated) {
      const { node, abs, rel } = queue.shift()!;
      let entries: DirEntry[];
      try {
        entries = await ctx.workspace.list(abs);
      } catch (err) {
        if (node === root) return { content: `Could not list ${rootPath}: ${(err as Error).message}`, isError: true };
        unreadable.push(abs);
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        if (SKIPPED.has(entry.name) || isIgnored(childRel, entry.name)) continue;
        if (count >= MAX_LS_ENTRIES) {
          truncated = true;
          break;
        }
        count++;
        const isDir = entry.type === 'directory';
        const child: Node = { name: entry.name, isDir, opened: isDir && !NOT_OPENED.has(entry.name), children: [] };
        node.children.push(child);
        if (child.opened) queue.push({ node: child, abs: path.join(abs, entry.name), rel: childRel });
      }
    }

    const lines: string[] = [];
    if (truncated) {
      lines.push(
        `There are more than ${MAX_LS_ENTRIES} files and directories in ${rootPath}. ` +
          `The first ${MAX_LS_ENTRIES}, nearest levels first, are listed below; use LS on a subdirectory, or Glob and Grep, to see the rest.`,
        '',
      );
    }
    render(root, 0, lines);
    if (unreadable.length > 0) lines.push('', `Could not read: ${unreadable.join(', ')}`);
    return { content: lines.join('\n') };
  },
};

function render(node: Node, depth: number, out: string[]): void {
  const suffix = node.isDir ? (node.name.endsWith('/') ? '' : '/') : '';
  const note = node.isDir && !node.opened ? ' (contents not listed)' : '';
  out.push(`${'  '.repeat(depth)}- ${node.name}${suffix}${note}`);
  for (const child of node.children) render(child, depth + 1, out);
}

/**
 * A glob as a RegExp over '/'-separated relative paths: `*` and `?` stay within one segment, `**`
 * crosses segments, `{a,b}` and `[abc]` work as in shells. A trailing '/' ("dist/") is ignored.
 */
export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/\/+$/, '');
  let re = '';
  let braces = 0;
  for (let k = 0; k < g.length; k++) {
    const c = g[k]!;
    if (c === '*') {
      if (g[k + 1] === '*') {
        const slash = g[k + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        k += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', k + 1);
      if (end === -1) re += '\\[';
      else {
        const body = g.slice(k + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        k = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
