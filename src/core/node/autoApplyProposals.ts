// The Proposals port for the CLI and the SDK: no review UI, so an allowed edit is applied at
// once. It still never writes blindly: the file must be exactly what the edit was computed from.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { encodeText } from '../edits/encoding';
import { contentHash, decodeText } from '../edits/text';
import type { EditProposal, ProposalOutcome, Proposals } from '../ports';

export class AutoApplyProposals implements Proposals {
  async propose(proposal: EditProposal, signal: AbortSignal): Promise<ProposalOutcome> {
    const all = proposal.hunks.map((_, i) => i);
    if (signal.aborted) {
      return { status: 'rejected', acceptedHunks: [], rejectedHunks: all, comment: 'The edit was cancelled before it was applied.' };
    }
    const stale: ProposalOutcome = { status: 'stale', acceptedHunks: [], rejectedHunks: all };
    const current = await readIfExists(proposal.absPath);
    if (proposal.baseHash === null) {
      if (current !== undefined) return stale;
      await fs.mkdir(path.dirname(proposal.absPath), { recursive: true });
      try {
        // 'wx' fails if the file appeared since the check above, instead of overwriting it.
        await fs.writeFile(proposal.absPath, encodeText(proposal.newContent, proposal.encoding), { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return stale;
        throw err;
      }
    } else {
      if (current === undefined || contentHash(current) !== proposal.baseHash) return stale;
      // In place, so the file keeps its mode, owner and hard links; in the encoding it was read in.
      await fs.writeFile(proposal.absPath, encodeText(proposal.newContent, proposal.encoding));
    }
    return { status: 'applied', acceptedHunks: all, rejectedHunks: [], finalContent: proposal.newContent };
  }
}

async function readIfExists(absPath: string): Promise<string | undefined> {
  try {
    return decodeText(await fs.readFile(absPath));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
