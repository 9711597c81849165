// Plugs checkpoints into the existing ports, so neither the loop nor the tools know about them: every
// edit goes through Proposals and every command through Shell, and the wrappers capture first.
import type { EditProposal, ProposalOutcome, Proposals, Shell, ShellResult, ShellRunOptions } from '../ports';
import type { Checkpointer } from './checkpointer';

/** Saves each file before its first change in a turn, then lets the wrapped port show or apply the edit. */
export function withCheckpoints(proposals: Proposals, checkpointer: Checkpointer): Proposals {
  return {
    async propose(proposal: EditProposal, signal: AbortSignal): Promise<ProposalOutcome> {
      // Awaited: the file must not change before its earlier bytes are safe.
      const first = await checkpointer.captureBefore(proposal.absPath);
      let outcome: ProposalOutcome;
      try {
        outcome = await proposals.propose(proposal, signal);
      } catch (err) {
        // Whether anything was written is unknown, so the capture stays.
        await flushQuietly(checkpointer);
        throw err;
      }
      // Nothing was written: a rewind must not "restore" a file the agent never changed.
      if (first && (outcome.status === 'rejected' || outcome.status === 'stale')) checkpointer.forget(proposal.absPath);
      await flushQuietly(checkpointer);
      return outcome;
    },
  };
}

/**
 * Records what each command created, deleted or changed. The command's result returns at once; the
 * checkpointer finds its changes afterwards, and every later edit, command or checkpoint write waits
 * for that. Commands started with runInBackground are not covered: they change files after the call
 * has returned.
 */
export function withBashCheckpoints(shell: Shell, checkpointer: Checkpointer): Shell {
  const wrapped: Shell = {
    async run(command: string, options: ShellRunOptions): Promise<ShellResult> {
      const baseline = await checkpointer.beforeBash().catch((err) => {
        checkpointer.warn(`Could not prepare a checkpoint before a Bash command, so a rewind cannot undo what it changes: ${(err as Error).message}`);
        return undefined;
      });
      try {
        return await shell.run(command, options);
      } finally {
        // Also after a timeout, a cancel or a failure: the command may have changed files before it stopped.
        if (baseline) void checkpointer.afterBash(baseline).then(() => flushQuietly(checkpointer));
      }
    },
    dispose: () => shell.dispose(),
  };
  if (shell.runInBackground) wrapped.runInBackground = (command) => shell.runInBackground!(command);
  if (shell.state) wrapped.state = () => shell.state!();
  return wrapped;
}

async function flushQuietly(checkpointer: Checkpointer): Promise<void> {
  try {
    await checkpointer.flush();
  } catch (err) {
    checkpointer.warn(`Could not write a checkpoint to the session log: ${(err as Error).message}`);
  }
}
