// Shell command analysis for the permission engine: one real parser (tree-sitter's bash grammar)
// splits a command into simple commands with normalized argv, unwraps wrappers, follows bash -c
// scripts, and lists every reason the command must be asked about. Anything the parser does not
// fully understand asks.
import { expandBraceWord } from './braces';
import { checkProgram, riskyVariable } from './dangers';
import { subscriptReasons } from './evaluation';
import { clip } from './findings';
import { describeError, gapsBetweenTokens, needsRewrite, rewriteGaps } from './gaps';
import { loadBashParser, type BashParser } from './parser';
import type { ShellAnalysis, SimpleCommand } from './types';
import type { Word } from './words';
import { programName, unwrap } from './unwrap';
import { walkScript, type RawCommand } from './walk';

/** bash -c 'bash -c "..."' nests; past this depth the command asks. */
const MAX_DEPTH = 6;
/** Longer input asks instead of being parsed (here-docs that write files stay far below this). */
const MAX_LENGTH = 200_000;

/** Words the parser sometimes takes for a command name where bash sees syntax (coproc, select, stray braces). */
const RESERVED = new Set(['{', '}', '!', '[[', ']]', 'if', 'then', 'elif', 'else', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'coproc']);

/** Touches most of the grammar, so that the parser's WebAssembly is compiled before a real command needs it. */
const WARM_UP = `cd src && FOO=1 git log --oneline -n 5 "$X" | grep -v 'a b' > out.txt 2>&1 || { echo "$(date)" >> log; exit 1; }
for f in *.ts; do [[ -f $f ]] && cat "$f"; done; x=$((1 + 2)); cat <<'EOF'
text
EOF`;
let warming: Promise<void> | undefined;

/**
 * Loads the parser and runs it once, in the background: the first parse of a session costs several
 * hundred ms (WebAssembly compiled on first use), which would otherwise fall on the first Bash call.
 * Hosts call it once the first model request is on its way (see PermissionEngine.prepare).
 */
export function prepareShellAnalysis(): Promise<void> {
  warming ??= analyzeCommand(WARM_UP).then(
    () => undefined,
    () => undefined,
  );
  return warming;
}

export async function analyzeCommand(command: string): Promise<ShellAnalysis> {
  let parser: BashParser;
  try {
    parser = await loadBashParser();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { commands: [], askReasons: [`could not parse: the shell parser failed to load (${why})`], writes: [] };
  }
  const result: ShellAnalysis = { commands: [], askReasons: [], writes: [] };
  new Analysis(parser, result).script(command, [], 0);
  result.askReasons = [...new Set(result.askReasons)];
  result.writes = [...new Set(result.writes)];
  return result;
}

class Analysis {
  constructor(
    private readonly parser: BashParser,
    private readonly out: ShellAnalysis,
  ) {}

  private ask(reason: string): void {
    this.out.askReasons.push(reason);
  }

  private expandBraces(words: Word[]): Word[] {
    return expandedWords(words, (why) => this.ask(why));
  }

  /** Parses and walks one script: the command itself, or a bash -c / eval script inside it. */
  script(source: string, wrappers: string[], depth: number): void {
    if (depth > MAX_DEPTH) return this.ask('nests shell scripts deeper than the analysis follows');
    if (source.length > MAX_LENGTH) return this.ask(`could not parse: the command is longer than ${MAX_LENGTH} characters`);
    let text = source;
    let tree = this.parser.parse(text);
    try {
      let gaps = gapsBetweenTokens(tree.rootNode, text);
      if (needsRewrite(gaps)) {
        if (gaps.returns.length > 0) this.ask('contains a carriage return outside quotes, which bash reads as part of a word, not as a line break');
        text = rewriteGaps(text, gaps);
        tree.delete();
        tree = this.parser.parse(text);
        gaps = gapsBetweenTokens(tree.rootNode, text);
      }
      if (gaps.blanks.length > 0) this.ask(`contains ${gaps.blanks.join(', ')} outside quotes, which bash does not treat as a space`);
      if (gaps.skipped.length > 0) return this.ask(`could not parse: the parser skipped ${gaps.skipped.map((c) => `"${c}"`).join(', ')}`);
      if (tree.rootNode.hasError) return this.ask(`could not parse: ${describeError(tree.rootNode)}`);
      walkScript(tree.rootNode, {
        command: (raw) => this.command(raw, wrappers, depth),
        ask: (reason) => this.ask(reason),
        write: (path) => this.out.writes.push(path),
        assignment: (name) => {
          if (riskyVariable(name)) this.ask(`sets ${name} in the shell, which changes what later commands run`);
        },
      });
    } finally {
      tree.delete();
    }
  }

  private command(raw: RawCommand, outer: string[], depth: number): void {
    if (raw.kind === 'command') {
      const words = this.expandBraces(raw.words);
      if (words.length) raw = { ...raw, words };
      else this.ask('its brace expansion leaves no words at all');
    }
    const listed: SimpleCommand = {
      argv: raw.words.map((w) => w.text),
      wrappers: outer,
      assignments: raw.assignments.map((a) => a.name),
      redirects: raw.redirects,
      globs: globsOf(raw.words),
      text: raw.text,
    };
    if (raw.kind === 'test') {
      subscriptReasons(raw.words[0]?.text ?? '', raw.words.slice(1)).forEach((r) => this.ask(r));
      return void this.out.commands.push(listed);
    }
    const first = raw.words[0];
    if (raw.kind === 'command' && first.node.type === 'word' && RESERVED.has(first.text)) {
      this.ask(`the parser read "${first.text}" as a command name where bash sees shell syntax`);
    }
    // Left: brace words of declarations (export {A,B}=x), which are not expanded (a command's asked above).
    if (raw.kind !== 'command') for (const w of raw.words) if (w.brace) this.ask(`uses brace expansion (${clip(w.node.text)}), which turns one word into several`);
    for (const a of raw.assignments) {
      if (riskyVariable(a.name)) this.ask(`sets ${a.name} for ${first.text}, which changes what it runs or loads`);
    }
    const u = unwrap(raw.words);
    // Wrappers stop at a name that is not literal, so the first and the innermost name are the ones to check.
    for (const w of new Set([first, u.words[0]])) {
      if (!w.literal) this.ask(`the command name ${clip(w.node.text)} is only known when it runs`);
      else if (w.glob) this.ask(`the command name ${clip(w.node.text)} has wildcards, which bash expands to file names`);
    }
    for (const name of u.assignments) if (riskyVariable(name)) this.ask(`sets ${name} for ${u.words[0].text}, which changes what it runs or loads`);
    u.reasons.forEach((r) => this.ask(r));
    subscriptReasons(programName(u.words[0].text), u.words.slice(1)).forEach((r) => this.ask(r));
    this.out.writes.push(...u.writes);

    const f = checkProgram(u.words);
    f.reasons.forEach((r) => this.ask(r));
    this.out.writes.push(...f.writes);
    const wrappers = [...outer, ...u.wrappers];
    if (!f.scripts.some((s) => s.replaces)) {
      this.out.commands.push({ ...listed, argv: u.words.map((w) => w.text), wrappers, assignments: [...listed.assignments, ...u.assignments] });
    }
    for (const s of f.scripts) {
      if (s.dynamic) this.ask(`the ${s.via} script is built from variables or substitutions, so what it runs is only known at run time`);
      this.script(s.text, [...wrappers, s.via], depth + 1);
    }
    for (const inner of f.inner) {
      this.command({ words: inner.words, assignments: [], redirects: [], text: raw.text, kind: 'command' }, [...wrappers, inner.via], depth);
    }
  }
}

/**
 * The words after bash's brace expansion (braces.ts); a word it cannot expand stays as it is (its
 * `brace` flag makes the command ask, and makes it a path only known at run time).
 */
function expandedWords(words: Word[], ask: (why: string) => void): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    if (!w.brace) {
      out.push(w);
      continue;
    }
    const e = expandBraceWord(w);
    if ('words' in e) out.push(...e.words);
    else {
      ask(`uses brace expansion (${clip(w.node.text)}): ${e.unknown}`);
      out.push(w);
    }
  }
  return out;
}

/** The words bash expands into file names (see SimpleCommand.globs); undefined when there are none. */
function globsOf(words: Word[]): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  const plain = new Set(words.filter((w) => !w.glob && !w.brace).map((w) => w.text));
  for (const w of words) {
    // The same text quoted and unquoted (`cat '[ab]' [ab]`) names the file and the matches: it is told apart only at run time.
    if (w.brace || (w.glob && (!w.literal || w.pattern === undefined || plain.has(w.text)))) out[w.text] = null;
    else if (w.glob && out[w.text] !== null) out[w.text] = w.pattern!;
  }
  return Object.keys(out).length ? out : undefined;
}
