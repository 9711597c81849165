// Turns a tree-sitter word node into the string the program will receive: quotes and escapes are
// removed as bash removes them. Expansions ($VAR, ${...}) and substitutions are kept as written,
// and the word says so, because their value is only known when the command runs.
import type { Node } from '@vscode/tree-sitter-wasm';
import { globPattern } from './globPattern';

export interface Word {
  /** Normalized text: quotes and escapes removed, expansions kept as written. */
  text: string;
  /** True when nothing in the word is expanded at run time: `text` is exactly what the program gets. */
  literal: boolean;
  /** An unquoted *, ? or [ that bash may expand to file names. */
  glob: boolean;
  /** An unquoted brace expansion ({a,b} or {1..3}) that bash turns into several words. */
  brace: boolean;
  /**
   * For a literal word with an unquoted wildcard: the glob pattern bash expands (quoted characters
   * escaped), undefined when it cannot be told apart (the caller then treats the word as unknown).
   */
  pattern?: string;
  /** A node type this module does not know how to read (the word is then not literal). */
  unsupported?: string;
  /** `text` with each quoted or escaped character replaced by another (see Parts.shape): where globs and braces count. */
  shape?: string;
  node: Node;
}

/** Node types that are words (or parts of one) in argument position. */
export const WORD_TYPES = new Set([
  'word', 'number', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'concatenation',
  'simple_expansion', 'expansion', 'arithmetic_expansion', 'command_substitution', 'process_substitution',
  'brace_expression', 'variable_name', 'special_variable_name', 'extglob_pattern', 'regex', 'test_operator',
]);

const EXPANDED = new Set(['simple_expansion', 'expansion', 'arithmetic_expansion', 'command_substitution', 'process_substitution']);

interface Parts {
  text: string;
  /** The unquoted characters as written, quoted ones replaced by '_': where globs and braces count. */
  shape: string;
  literal: boolean;
  unsupported?: string;
}

export function readWord(node: Node): Word {
  const p = parts(node);
  const glob = /[*?[]/.test(p.shape);
  return {
    text: p.text,
    literal: p.literal,
    glob,
    pattern: glob && p.literal ? globPattern(p.text, p.shape) : undefined,
    brace: /\{[^{}]*(,|\.\.)[^{}]*\}/.test(p.shape) || hasBraceExpression(node),
    unsupported: p.unsupported,
    shape: p.shape,
    node,
  };
}

function hasBraceExpression(node: Node): boolean {
  return node.type === 'brace_expression' || (node.type === 'concatenation' && node.namedChildren.some((c) => c !== null && hasBraceExpression(c)));
}

function parts(node: Node): Parts {
  switch (node.type) {
    case 'word':
      return unquoted(node.text);
    case 'number':
    case 'variable_name':
    case 'special_variable_name':
    case 'test_operator':
      return { text: node.text, shape: node.text, literal: true };
    case 'extglob_pattern':
    case 'regex':
      return { text: node.text, shape: '', literal: true };
    case 'raw_string':
      return quoted(node.text.slice(1, -1));
    case 'ansi_c_string':
      return quoted(decodeAnsiC(node.text.slice(2, -1)));
    case 'string':
    case 'translated_string':
      return doubleQuoted(node);
    case 'concatenation':
      return joined(node, [...node.children].filter((c): c is Node => c !== null), '');
    case 'brace_expression':
      return { text: node.text, shape: node.text, literal: true };
    default:
      if (EXPANDED.has(node.type)) return { text: node.text, shape: '', literal: false };
      return { text: node.text, shape: '', literal: false, unsupported: node.type };
  }
}

const quoted = (text: string): Parts => ({ text, shape: '_'.repeat(text.length), literal: true });

/** An unquoted literal: a backslash keeps the next character, backslash-newline disappears. */
function unquoted(raw: string): Parts {
  let text = '';
  let shape = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      i++;
      if (raw[i] === '\n') continue;
      text += raw[i];
      shape += '_';
    } else {
      text += c;
      shape += c;
    }
  }
  return { text, shape, literal: true };
}

/** Inside double quotes a backslash only escapes $ ` " \ and newline. */
function doubleQuoted(node: Node): Parts {
  const inner = [...node.children].filter((c): c is Node => c !== null && c.type !== '"' && c.type !== '$');
  const p = joined(node, inner, 'dq');
  return { ...p, shape: '_'.repeat(p.shape.length) };
}

/** Joins child parts in source order; source text between children (if any) is kept verbatim. */
function joined(node: Node, children: Node[], mode: '' | 'dq'): Parts {
  const out: Parts = { text: '', shape: '', literal: true };
  const base = node.startIndex;
  const open = mode === 'dq' ? node.text.indexOf('"') + 1 : 0;
  let pos = base + open;
  const end = mode === 'dq' ? node.endIndex - 1 : node.endIndex;
  const gap = (from: number, to: number) => {
    if (to <= from) return;
    const raw = node.text.slice(from - base, to - base);
    const t = mode === 'dq' ? unescapeDq(raw) : raw;
    out.text += t;
    out.shape += '_'.repeat(t.length);
  };
  for (const child of children) {
    gap(pos, child.startIndex);
    const p = mode === 'dq' && child.type === 'string_content' ? { text: unescapeDq(child.text), shape: '', literal: true } : parts(child);
    out.text += p.text;
    out.shape += mode === 'dq' ? '_'.repeat(p.text.length) : p.shape;
    out.literal &&= p.literal;
    out.unsupported ??= p.unsupported;
    pos = Math.max(pos, child.endIndex);
  }
  gap(pos, end);
  return out;
}

function unescapeDq(raw: string): string {
  return raw.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** Decodes the body of $'...' as bash does, so $'\x72m' is seen as rm. */
export function decodeAnsiC(body: string): string {
  return body.replace(/\\(?:([abeEfnrtv\\'"?])|([0-7]{1,3})|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|c(.))/g,
    (_m, simple: string, oct: string, hex: string, u4: string, u8: string, ctl: string) => {
      if (simple) return SIMPLE_ESCAPES[simple];
      if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      const cp = parseInt(u4 ?? u8 ?? '', 16);
      if (!Number.isNaN(cp)) return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      return String.fromCharCode(ctl.toUpperCase().charCodeAt(0) ^ 0x40);
    });
}

/** A word made from a keyword or operator token (`export`, `[[`, `-eq`), or named by the analysis. */
export function tokenWord(node: Node, text = node.text): Word {
  return { text, literal: true, glob: false, brace: false, shape: text, node };
}

/** Command and process substitutions inside a node, outermost only (their insides are walked as scripts). */
export function substitutionsIn(node: Node): Node[] {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') return [node];
  const found: Node[] = [];
  for (const child of node.namedChildren) if (child) found.push(...substitutionsIn(child));
  return found;
}

/**
 * True when an arithmetic context reads a variable. Bash evaluates a variable's value as an
 * arithmetic expression there, and `a[$(cmd)]` inside that value runs cmd: x='a[$(rm -rf ~)]'
 * followed by $((x)) is a command nobody sees.
 */
export function arithmeticReadsVariables(node: Node): boolean {
  if (node.type === 'variable_name' || node.type === 'simple_expansion' || node.type === 'expansion') return true;
  if (node.type === 'word' && /[A-Za-z_]/.test(node.text)) return true;
  if (node.type === 'command_substitution') return false;
  return node.namedChildren.some((c) => c !== null && arithmeticReadsVariables(c));
}
