// What the Bash checks share: the engine's side of a command decision (CommandCheck), where each
// simple command runs (Where), and how a verdict is made.
import type { DefinitionChanges } from './definitions';
import type { PermissionMode, RuleList } from './modes';
import type { Rule } from './rules';
import type { ShellAnalysis } from './shell/types';
import type { Access, PathContext, Verdict } from './verdict';

export interface CommandCheck {
  toolName: string;
  mode: PermissionMode;
  ctx: PathContext;
  /** Where the command starts: the shell's real folder (an earlier call may have moved it). */
  cwd: string;
  /** True when the shell could not say where it is: relative paths and rule-allowed commands ask. */
  cwdUnknown?: boolean;
  /** The shell's environment (BASHOPTS, GLOBIGNORE change what a glob names). */
  shellEnv?: Readonly<Record<string, string>>;
  /** The rules of one list for this tool. */
  rules(list: RuleList): Rule[];
  /** The engine's file check for a path this command reads or writes, resolved against cwd. */
  file(access: Access, path: string, cwd: string): Promise<Verdict>;
  /** Why writing this path needs the user whatever the mode (protected), if it does. */
  protectedWrite(path: string, cwd: string): Promise<string | undefined>;
  /**
   * The file check for a path a file utility (cp, mv, rm…) may write, as for an edit the user sees:
   * inside the workspace it passes in every mode that runs the command; outside it, or protected,
   * it asks unless an Edit rule names it; a deny rule denies.
   */
  argumentWrite(path: string, cwd: string): Promise<Verdict>;
  analyze(command: string): Promise<ShellAnalysis>;
  /** The settings of the repository at `dir` that make git run a program (none: git only does what it says). */
  gitSettings(dir: string): Promise<string[]>;
  /** True when a deny rule for Read may cover something below this folder. */
  readDeniedBelow(dir: string): boolean;
  /** The command may write in these folders and files: the engine keeps their command definitions as they are now. */
  beforeRun?(dirs: string[], writes: string[]): Promise<void>;
  /** What the agent changed in the files that define what `argv` run in `dir` runs (package.json scripts, a Makefile…). */
  definitionChanges?(argv: string[], dir: string): Promise<DefinitionChanges>;
}

/** Where a simple command runs: the directories a relative path of it may be relative to. */
export interface Where {
  /** The first command's cwd, plus every directory an earlier cd may have gone to. */
  cwds: string[];
  /** Set when an earlier cd went somewhere only known when the command runs. */
  unknownCwd: boolean;
}

export const verdict = (behavior: Verdict['behavior'], reason: string, by: Verdict['by'] = 'mode', rule?: string, suggestions: string[] = []): Verdict => ({
  behavior,
  reason,
  by,
  ...(rule ? { rule } : {}),
  suggestions,
});
