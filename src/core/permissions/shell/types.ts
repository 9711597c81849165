// What the shell analysis tells the permission engine about one Bash command. One real parser
// produces it; the same analysis decides and is shown to the user.

export interface Redirect {
  /** The operator as written: >, >>, <, 2>, &>, >|, <<, <<<, ... */
  op: string;
  /** The target word, normalized (quotes and escapes removed); for fd duplications (2>&1) the fd. */
  target: string;
  /** True when the redirect writes to (creates or changes) its target path. */
  writes: boolean;
  /** An unquoted wildcard in the target: the glob pattern (see SimpleCommand.globs); null when only known at run time. */
  pattern?: string | null;
}

/** One simple command after unwrapping, with its words as the program will see them. */
export interface SimpleCommand {
  /** Normalized argv: quotes and escapes removed, wrappers (env, timeout, nice, nohup, command, builtin) unwrapped. */
  argv: string[];
  /** The wrappers that were peeled off, outermost first (e.g. ['timeout', 'nice']). */
  wrappers: string[];
  /** Leading VAR=value assignments (names only). */
  assignments: string[];
  redirects: Redirect[];
  /**
   * Arguments bash expands into file names, by their normalized text: the glob pattern to expand
   * (quoted characters escaped), or null when what the word becomes is only known when the command
   * runs (brace expansion, a wildcard the analysis cannot read).
   */
  globs?: Record<string, string | null>;
  /** The command's source text, for display. */
  text: string;
}

export interface ShellAnalysis {
  /** Every simple command in the input, in order (across && || ; | & newlines, subshells, bash -c scripts). */
  commands: SimpleCommand[];
  /**
   * Why this command must be asked about even if every simple command is allowed by a rule:
   * command/process substitution, eval, xargs, find -exec/-delete, here-docs that feed a shell,
   * git -c, aliases, rg --pre, sed w/e, awk system(), sudo, unparseable input, ... Empty when the
   * parser understood everything and nothing hides a program.
   */
  askReasons: string[];
  /** Paths written by redirections (normalized words, relative to the command's cwd). */
  writes: string[];
}
