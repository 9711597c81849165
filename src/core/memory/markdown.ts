// What a memory file's Markdown says about imports, read by a real CommonMark parser (micromark, as
// the chat panel renders Markdown): `@path` in ordinary text is an import; inside a code span, a
// fenced or indented code block or raw HTML it is literal, as Claude Code documents. Block-level
// HTML comments (`<!-- notes for maintainers -->`) are removed from what the model sees.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes } from 'mdast';

export interface ScannedMemory {
  /** The text with block-level HTML comments removed. */
  content: string;
  /** The import targets as written (escaped spaces unescaped), in document order, each once. */
  imports: string[];
}

// `@` at the start of the text or after white space, then the path up to the first unescaped space.
// Applied to one text node at a time, never to the whole file.
const IMPORT = /(?:^|\s)@((?:\\ |[^\s\\])+)/g;
const COMMENT_ONLY = /^\s*<!--[\s\S]*?-->\s*$/;

export function scanMemoryMarkdown(text: string): ScannedMemory {
  const tree = fromMarkdown(text);
  const imports: string[] = [];
  const cut: [number, number][] = [];
  const visit = (node: Nodes, depth: number): void => {
    if (node.type === 'text') {
      for (const m of node.value.matchAll(IMPORT)) {
        const target = importTarget(m[1]);
        if (target && !imports.includes(target)) imports.push(target);
      }
      return;
    }
    // Comments inside paragraphs are inline HTML: left as written, like comments in code.
    if (node.type === 'html') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (depth <= 1 && COMMENT_ONLY.test(node.value) && start !== undefined && end !== undefined) cut.push([start, end]);
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes, node.type === 'root' ? 1 : depth + 1);
  };
  visit(tree, 0);
  let content = text;
  for (const [start, end] of cut.reverse()) content = content.slice(0, start) + content.slice(end);
  return { content: cut.length ? content.replace(/\n{3,}/g, '\n\n') : content, imports };
}

/** The path an `@token` names, or undefined when it cannot be one (quoted, an e-mail-like `@@`, empty). */
function importTarget(raw: string): string | undefined {
  // A quoted path is not imported at all (Claude Code's documented behaviour).
  if (/^["'`]/.test(raw) || raw.startsWith('@')) return undefined;
  const path = raw.replace(/\\ /g, ' ');
  return path || undefined;
}
