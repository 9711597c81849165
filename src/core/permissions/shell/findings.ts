// What the per-program checks report back to the analyzer.
import type { Word } from './words';

export interface Findings {
  /** Why the command must be asked about. */
  reasons: string[];
  /** Shell code the command runs (bash -c, eval, trap, watch): analysed as scripts of their own. */
  scripts: Script[];
  /** Commands it runs directly with words it was given (find -exec): listed as commands too. */
  inner: { words: Word[]; via: string }[];
  /** Files it writes (sed -i). */
  writes: string[];
}

export interface Script {
  /** The script as normalized from its word (expansions kept as written). */
  text: string;
  /** The wrapper recorded on its commands: 'bash -c', 'eval', 'trap', ... */
  via: string;
  /** True when its commands stand for the command that runs it (bash -c, watch). */
  replaces: boolean;
  /** True when the script's words had expansions or substitutions: its real text is only known at run time. */
  dynamic: boolean;
}

export const noFindings = (): Findings => ({ reasons: [], scripts: [], inner: [], writes: [] });

/** One line, at most `max` characters: for quoting a piece of the command in a reason. */
export function clip(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
