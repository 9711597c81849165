// Walks a tree-sitter bash tree and hands every simple command to a sink, in source order: across
// && || ; | & and newlines, into subshells, { } groups, loop and if/case bodies, function bodies,
// and into command and process substitutions wherever they appear. Redirections are read here
// (their targets are writes); deciding what a command may do is left to the analyzer.
import type { Node } from '@vscode/tree-sitter-wasm';
import { expansionReasons } from './evaluation';
import { clip } from './findings';
import type { Redirect } from './types';
import { arithmeticReadsVariables, readWord, substitutionsIn, tokenWord, WORD_TYPES, type Word } from './words';

export interface RawCommand {
  /** The command name and its arguments in source order (for tests: operands and operators). */
  words: Word[];
  /** Leading VAR=value assignments. */
  assignments: { name: string; value?: Word }[];
  redirects: Redirect[];
  text: string;
  kind: 'command' | 'test' | 'declaration';
}

export interface WalkSink {
  command(cmd: RawCommand): void;
  ask(reason: string): void;
  write(path: string): void;
  /** A variable set in the shell itself (a bare assignment or export/declare/local/readonly). */
  assignment(name: string): void;
}

/** Nodes whose children are statements (and a few words: for-lists, case patterns). */
const CONTAINERS = new Set([
  'program', 'list', 'pipeline', 'negated_command', 'subshell', 'compound_statement', 'do_group', 'if_statement',
  'elif_clause', 'else_clause', 'while_statement', 'for_statement', 'case_statement', 'case_item',
]);

/** Keywords and operators that may stand between statements. */
const SEPARATORS = new Set([
  ';', '&', '&&', '||', '|', '|&', '!', '(', ')', '{', '}', 'if', 'then', 'elif', 'else', 'fi', 'while', 'until', 'do',
  'done', 'for', 'select', 'in', 'case', 'esac',
]);
const CASE_TERMINATORS = new Set([';;', ';&', ';;&']);

const WRITE_OPS = new Set(['>', '>>', '&>', '&>>', '>|']);
/** Targets that are not files anyone keeps. */
const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

export function walkScript(root: Node, sink: WalkSink): void {
  new Walker(sink).statement(root, []);
}

class Walker {
  constructor(private readonly sink: WalkSink) {}

  statement(node: Node, inherited: Redirect[]): void {
    switch (node.type) {
      case 'command':
        return this.command(node, inherited, [], node.text);
      case 'redirected_statement':
        return this.redirected(node, inherited);
      case 'declaration_command':
      case 'unset_command':
        return this.declaration(node, inherited);
      case 'test_command':
        return this.test(node, inherited);
      case 'variable_assignment':
        this.sink.assignment(this.assignment(node).name);
        return;
      case 'variable_assignments':
        for (const c of node.namedChildren) if (c) this.statement(c, inherited);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        this.sink.ask(`defines the shell function ${name?.text ?? ''}, which can stand in for a command later`);
        for (const c of node.namedChildren) if (c && c.id !== name?.id) this.statement(c, inherited);
        return;
      }
      case 'c_style_for_statement':
        return this.cFor(node, inherited);
      case 'for_statement': {
        const variable = node.childForFieldName('variable');
        if (variable) this.sink.assignment(variable.text); // `for PATH in /tmp; do` sets PATH
        break;
      }
      case 'comment':
        return;
    }
    if (!CONTAINERS.has(node.type)) return this.sink.ask(`uses shell syntax the analysis does not cover (${node.type})`);
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed) {
        const ok = SEPARATORS.has(child.type) || (CASE_TERMINATORS.has(child.type) && node.type === 'case_item');
        if (!ok) this.sink.ask(`has "${child.type}" where the parser expected none (bash may read it differently)`);
      } else if (WORD_TYPES.has(child.type)) {
        this.scan(child); // for-lists, case subjects and patterns: expanded, never run
      } else {
        this.statement(child, inherited);
      }
    }
  }

  /** Substitutions inside a word run commands: they ask, and their commands are listed too. */
  scan(node: Node): void {
    for (const sub of substitutionsIn(node)) {
      const kind = sub.type === 'process_substitution' ? 'process substitution' : 'command substitution';
      this.sink.ask(`runs a ${kind}: ${clip(sub.text)}`);
      for (const c of sub.namedChildren) if (c) this.statement(c, []);
    }
    for (const exp of descendants(node, (n) => n.type === 'expansion')) expansionReasons(exp).forEach((r) => this.sink.ask(r));
    for (const arith of descendants(node, (n) => n.type === 'arithmetic_expansion' || n.type === 'subscript')) {
      const expr = arith.type === 'subscript' ? arith.childForFieldName('index') : arith;
      if (expr && arithmeticReadsVariables(expr)) this.sink.ask(`evaluates variables as arithmetic (${clip(arith.text)}), which can run commands hidden in their values`);
    }
  }

  private command(node: Node, inherited: Redirect[], extra: Word[], text: string): void {
    const words: Word[] = [...extra];
    const assignments: RawCommand['assignments'] = [];
    const redirects = [...inherited];
    const later: Node[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed) this.sink.ask(`has "${child.type}" inside a command where the parser expected a word ($"..." strings are not read)`);
      else if (child.type === 'variable_assignment') assignments.push(this.assignment(child));
      else if (child.type === 'command_name') {
        if (child.namedChildCount !== 1) this.sink.ask(`has a command name the parser split oddly: ${clip(child.text)}`);
        const name = child.namedChild(0);
        if (name) words.push(readWord(name));
      } else if (child.type.endsWith('_redirect')) this.redirect(child, redirects, words, later);
      else if (WORD_TYPES.has(child.type)) words.push(readWord(child));
      else this.sink.ask(`uses shell syntax the analysis does not cover (${child.type} in a command)`);
    }
    words.sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (let i = 0; i < words.length; i++) {
      this.scan(words[i].node);
      // Two words with nothing between them are one word to bash ($"x" is read as "$" and "x").
      if (i > 0 && words[i - 1].node.endIndex >= words[i].node.startIndex) {
        this.sink.ask(`could not tell where one word ends and the next begins in: ${clip(text)}`);
      }
      if (words[i].unsupported) this.sink.ask(`uses shell syntax the analysis does not cover (${words[i].unsupported})`);
    }
    // Without a command the assignments stay in the shell, as bare ones do; redirections are recorded above.
    if (words.length === 0) assignments.forEach((a) => this.sink.assignment(a.name));
    else this.sink.command({ words, assignments, redirects, text, kind: 'command' });
    for (const stmt of later) this.statement(stmt, inherited);
  }

  private redirected(node: Node, inherited: Redirect[]): void {
    const body = node.childForFieldName('body');
    const redirects: Redirect[] = [];
    const extra: Word[] = [];
    const later: Node[] = [];
    for (const child of node.namedChildren) {
      if (!child || (body && child.id === body.id)) continue;
      if (child.type.endsWith('_redirect')) this.redirect(child, redirects, extra, later);
      else if (child.type !== 'comment') this.sink.ask(`uses shell syntax the analysis does not cover (${child.type} after a redirection)`);
    }
    if (body?.type === 'command') this.command(body, [...inherited, ...redirects], extra, node.text);
    else {
      if (extra.length > 0) this.sink.ask(`could not tell which words belong to the redirection in: ${clip(node.text)}`);
      if (body) this.statement(body, [...inherited, ...redirects]);
    }
    for (const stmt of later) this.statement(stmt, inherited);
  }

  /** Reads one redirection; words the parser hung on it after the target are the command's arguments. */
  private redirect(node: Node, out: Redirect[], extra: Word[], later: Node[] = []): void {
    const op = node.children.find((c) => c && !c.isNamed)?.type ?? '';
    if (node.type === 'heredoc_redirect') {
      const start = node.children.find((c) => c?.type === 'heredoc_start');
      out.push({ op, target: start ? readWord(start).text.replace(/^(["'])(.*)\1$/s, '$2') : '', writes: false });
      for (const child of node.namedChildren) {
        if (!child || child.type === 'heredoc_start' || child.type === 'heredoc_end') continue;
        if (child.type === 'heredoc_body') this.scan(child); // an unquoted delimiter expands the body
        else if (child.type.endsWith('_redirect')) this.redirect(child, out, extra, later);
        else later.push(child); // `cat <<EOF | grep x`: the rest of the pipeline after the delimiter
      }
      return;
    }
    if (node.type === 'herestring_redirect') {
      const value = node.namedChildren.find((c) => c !== null);
      if (value) this.scan(value);
      out.push({ op: '<<<', target: value ? readWord(value).text : '', writes: false });
      return;
    }
    const fd = node.childForFieldName('descriptor')?.text ?? '';
    const targets = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'file_descriptor');
    const [first, ...rest] = targets;
    extra.push(...rest.map((n) => readWord(n)));
    if (!first) {
      out.push({ op: fd + op, target: '', writes: false }); // >&- and <&- close a descriptor
      return;
    }
    this.scan(first);
    const target = readWord(first);
    const dup = (op === '>&' || op === '<&') && /^(\d+|-)$/.test(target.text);
    let writes = (WRITE_OPS.has(op) || (op === '>&' && !dup)) && !HARMLESS_TARGETS.has(target.text);
    if (first.type === 'process_substitution') writes = false; // a pipe to the listed commands
    if (writes && (!target.literal || target.glob || target.brace)) {
      this.sink.ask(`writes to ${clip(first.text)}, a path only known when the command runs`);
    }
    const pattern = target.brace || (target.glob && (!target.literal || target.pattern === undefined)) ? null : target.glob ? target.pattern : undefined;
    out.push({ op: fd + op, target: target.text, writes, ...(pattern !== undefined ? { pattern } : {}) });
    if (writes) this.sink.write(target.text);
  }

  private assignment(node: Node): { name: string; value?: Word } {
    const nameNode = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (nameNode) this.scan(nameNode);
    if (value) this.scan(value);
    const name = nameNode?.type === 'subscript' ? (nameNode.childForFieldName('name')?.text ?? nameNode.text) : (nameNode?.text ?? '');
    return { name, value: value && WORD_TYPES.has(value.type) ? readWord(value) : undefined };
  }

  /** export/declare/local/readonly/typeset/unset: a command whose arguments may be assignments. */
  private declaration(node: Node, inherited: Redirect[]): void {
    const words: Word[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed) words.push(tokenWord(child));
      else if (child.type === 'variable_assignment') {
        const a = this.assignment(child);
        this.sink.assignment(a.name);
        const nameNode = child.childForFieldName('name');
        words.push(tokenWord(child, `${nameNode?.text ?? a.name}=${a.value?.text ?? ''}`));
        if (a.value && !a.value.literal) words[words.length - 1].literal = false;
      } else if (WORD_TYPES.has(child.type)) {
        this.scan(child);
        words.push(readWord(child));
      } else this.sink.ask(`uses shell syntax the analysis does not cover (${child.type} in ${node.text.split(/\s/)[0]})`);
    }
    this.sink.command({ words, assignments: [], redirects: [...inherited], text: node.text, kind: 'declaration' });
  }

  /** [ ], [[ ]] and (( )): listed as a command named by its bracket, operands normalized. */
  private test(node: Node, inherited: Redirect[]): void {
    this.scan(node);
    const open = node.child(0)?.type ?? '';
    if (open === '((' && arithmeticReadsVariables(node)) this.sink.ask(`evaluates variables as arithmetic (${clip(node.text)}), which can run commands hidden in their values`);
    if (open === '[[') {
      const compares = descendants(node, (n) => n.type === 'binary_expression' && /^-(eq|ne|lt|le|gt|ge)$/.test(n.childForFieldName('operator')?.text ?? ''));
      if (compares.some((n) => n.namedChildren.some((c) => c !== null && c.type !== 'test_operator' && arithmeticReadsVariables(c)))) {
        this.sink.ask(`compares variables arithmetically in [[ ]], which can run commands hidden in their values`);
      }
    }
    const words: Word[] = [];
    const flatten = (n: Node) => {
      for (const c of n.children) {
        if (!c) continue;
        if (!c.isNamed) words.push(tokenWord(c));
        else if (WORD_TYPES.has(c.type)) words.push(readWord(c));
        else flatten(c);
      }
    };
    flatten(node);
    this.sink.command({ words, assignments: [], redirects: [...inherited], text: node.text, kind: 'test' });
  }

  private cFor(node: Node, inherited: Redirect[]): void {
    for (const field of ['initializer', 'condition', 'update']) {
      for (const part of node.childrenForFieldName(field)) {
        if (!part) continue;
        this.scan(part);
        if (arithmeticReadsVariables(part)) {
          this.sink.ask(`evaluates variables as arithmetic (${clip(part.text)}), which can run commands hidden in their values`);
        }
      }
    }
    const body = node.childForFieldName('body');
    if (body) this.statement(body, inherited);
  }
}

/** The node and its descendants matching a test, not looking inside substitutions (walked on their own). */
function descendants(node: Node, test: (n: Node) => boolean): Node[] {
  if (node.type === 'command_substitution' || node.type === 'process_substitution') return [];
  const found = test(node) ? [node] : [];
  for (const c of node.namedChildren) if (c) found.push(...descendants(c, test));
  return found;
}
