// What tree-sitter skipped between tokens, compared with what bash skips (spaces, tabs, newlines
// and backslash-newline). Where they differ the parse does not describe what bash will run:
// a bare carriage return or a vertical tab is a blank to tree-sitter but part of a word to bash,
// a backslash-newline glues two words together (r\<newline>m is rm), and sometimes tree-sitter
// drops a character outright (`python3 - <<EOF` loses its "-").
import type { Node } from '@vscode/tree-sitter-wasm';

export interface Gaps {
  /** Offsets of carriage returns outside any token. */
  returns: number[];
  /** Offsets of backslash-newline line continuations outside any token. */
  continuations: number[];
  /** Offsets of a lone "-" word tree-sitter dropped (it does, right before a here-doc: `git commit -F - <<EOF`). */
  dashes: number[];
  /** Other blanks (as U+XXXX) that bash keeps inside words. */
  blanks: string[];
  /** Characters that belong to no token at all. */
  skipped: string[];
}

export function gapsBetweenTokens(root: Node, text: string): Gaps {
  const gaps: Gaps = { returns: [], continuations: [], dashes: [], blanks: [], skipped: [] };
  const blanks = new Set<string>();
  const skipped = new Set<string>();
  const scan = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n') continue;
      if (c === '\r') gaps.returns.push(i);
      else if (c === '\\' && text[i + 1] === '\n') gaps.continuations.push(i++);
      else if (c === '-' && /^[ \t\n]?$/.test(text[i - 1] ?? '') && /^[ \t\n]?$/.test(text[i + 1] ?? '')) gaps.dashes.push(i);
      else if (/\s/.test(c)) blanks.add(`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
      else skipped.add(c);
    }
  };
  let pos = 0;
  const visit = (node: Node) => {
    // A here-doc body is data, with text of its own between the parts tree-sitter marks.
    if (node.childCount === 0 || node.type === 'heredoc_body') {
      scan(pos, node.startIndex);
      pos = Math.max(pos, node.endIndex);
      return;
    }
    for (const c of node.children) if (c) visit(c);
  };
  visit(root);
  scan(pos, text.length);
  gaps.blanks = [...blanks];
  gaps.skipped = [...skipped];
  return gaps;
}

export const needsRewrite = (g: Gaps) => g.returns.length + g.continuations.length + g.dashes.length > 0;

/**
 * The text as bash reads it between tokens: line continuations removed (they join what they
 * separate), carriage returns turned into newlines (so each side is checked as its own command),
 * and a dropped "-" quoted so that tree-sitter keeps it (bash reads "-" as -).
 */
export function rewriteGaps(text: string, gaps: Gaps): string {
  const returns = new Set(gaps.returns);
  const continuations = new Set(gaps.continuations);
  const dashes = new Set(gaps.dashes);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (continuations.has(i)) i++;
    else if (dashes.has(i)) out += '"-"';
    else out += returns.has(i) ? '\n' : text[i];
  }
  return out;
}

/** Where the first syntax error is, for the "could not parse" reason. */
export function describeError(root: Node): string {
  const bad = findError(root);
  if (!bad) return 'syntax error';
  const where = `line ${bad.startPosition.row + 1}, column ${bad.startPosition.column + 1}`;
  const text = bad.text.replace(/\s+/g, ' ').trim();
  return bad.isMissing ? `missing "${bad.type}" at ${where}` : `syntax error near "${text.length > 30 ? `${text.slice(0, 29)}…` : text}" at ${where}`;
}

function findError(node: Node): Node | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node;
  for (const c of node.children) {
    if (c && (c.hasError || c.isMissing)) {
      const found = findError(c);
      if (found) return found;
    }
  }
  return undefined;
}
