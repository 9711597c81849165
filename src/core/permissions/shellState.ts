// The persistent shell's real state, as the permission engine sees it before each command: the
// folder the command will start in (an earlier call may have left the shell anywhere) and the
// variables in its environment that change what programs run (PAGER, GIT_*, LD_PRELOAD, PATH…).
// A risky variable an earlier command changed makes every later command ask, until the user has
// approved one command run in that state; a shell that cannot report its state is an unknown folder.
import type { Shell } from '../ports';
import { clip } from './shell/findings';
import { changesWhatRuns } from './shell/dangers';

export interface ShellFacts {
  /** The folder the command starts in; undefined when the shell cannot say. */
  cwd?: string;
  /** Risky variables changed since the user last approved the shell's state, with their values. */
  changed: { name: string; value?: string }[];
  /** The user approved a command in this state: later commands run in it without asking again. */
  accept(): void;
}

type Snapshot = Map<string, string>;

function riskyPart(env: Readonly<Record<string, string>>): Snapshot {
  return new Map(Object.entries(env).filter(([name]) => changesWhatRuns(name)));
}

export class ShellWatch {
  /** Per shell (a sub-agent may have its own): the risky variables as the user last accepted them, first the shell's start. */
  private readonly accepted = new WeakMap<object, Snapshot>();

  observe(shell: Pick<Shell, 'state'>): ShellFacts {
    const state = shell.state?.();
    if (!state) return { changed: [], accept: () => {} };
    const now = riskyPart(state.env);
    const before = this.accepted.get(shell) ?? riskyPart(state.startEnv);
    this.accepted.set(shell, before);
    const changed = [...new Set([...before.keys(), ...now.keys()])]
      .filter((name) => before.get(name) !== now.get(name))
      .sort()
      .map((name) => ({ name, value: now.get(name) }));
    return { cwd: state.cwd, changed, accept: () => void this.accepted.set(shell, now) };
  }
}

/** Why a command must ask because of the variables an earlier command left in the shell. */
export function changedStateReason(changed: ShellFacts['changed']): string {
  const list = changed.map((c) => (c.value === undefined ? `unset ${c.name}` : `${c.name}=${clip(c.value, 40)}`)).join(', ');
  return `an earlier command changed the shell's environment (${list}), which changes what this command runs`;
}
