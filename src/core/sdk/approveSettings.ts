// Approving a repository's settings from a program: the SDK's counterpart of the panel's approval
// modal. createAgent reports a settings file whose risky parts wait for approval in agent.warnings,
// with the file and the hash to pass here; the next agent created applies them.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { approveSettings as recordApproval } from '../permissions/settings';

/**
 * Approves exactly the risky parts of `file` that `hash` names (from agent.warnings). A later change
 * to those parts gets a new hash and waits for approval again. userDir defaults to ~/.tandem, the
 * same default createAgent uses.
 */
export function approveSettings(file: string, hash: string, options: { userDir?: string } = {}): void {
  if (typeof file !== 'string' || typeof hash !== 'string' || !/^[0-9a-f]{8,}$/i.test(hash)) {
    throw new Error('approveSettings(file, hash): pass the file and the hash that agent.warnings named.');
  }
  recordApproval(file, hash, options.userDir ?? join(homedir(), '.tandem'));
}

/** The warning createAgent gives for a settings file waiting for approval. */
export function pendingApprovalWarning(p: { file: string; hash: string; items: string[] }): string {
  return (
    `${p.file} is ignored in part until you approve it (it would set: ${p.items.join('; ')}). ` +
    `Approve it from the Tandem panel in VS Code, or in a program with approveSettings(${JSON.stringify(p.file)}, "${p.hash}") ` +
    `(exported by the Tandem SDK).`
  );
}
