import { memo, useState } from 'react';
import type { HunkState, ProposalStatus, TranscriptItem } from '../../src/protocol/messages';
import { Button, TextField } from './toolkit';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

type ProposalItem = Extract<TranscriptItem, { kind: 'proposal' }>;

// Labels are looked up at render (the l10n bundle arrives after this module loads).
const statusLabel = (s: ProposalStatus): string =>
  ({
    pending: t('waiting for your review'),
    applied: t('applied'),
    partial: t('partly applied'),
    rejected: t('rejected'),
    stale: t('not applied: the file changed'),
    failed: t('failed'),
  })[s];

const hunkLabel = (s: HunkState): string => ({ pending: '', accepted: t('accepted'), rejected: t('rejected'), reverted: t('reverted') })[s];

function lineClass(line: string): string {
  const tag = line[0];
  return tag === '+' ? 'diff-add' : tag === '-' ? 'diff-del' : tag === '\\' ? 'diff-meta' : 'diff-ctx';
}

/**
 * One proposed edit: its hunks as a unified diff, a decision per hunk or for all, and a comment
 * for the model. The host decides what is valid; this only sends what the user clicked.
 */
export const ProposalCard = memo(function ProposalCard({ item }: { item: ProposalItem }) {
  const [comment, setComment] = useState('');
  const reviewing = item.status === 'pending' && !item.autoApplied;
  const landed = item.status === 'applied' || item.status === 'partial';
  const withComment = () => (comment.trim() ? { comment: comment.trim() } : {});
  const decide = (hunk: number, accept: boolean) =>
    postToHost({ type: 'reviewProposal', proposalId: item.id, decisions: [{ hunk, accept }], ...withComment() });
  const decideAll = (all: 'accept' | 'reject') => postToHost({ type: 'reviewProposal', proposalId: item.id, all, ...withComment() });
  const status = item.autoApplied && item.status === 'pending' ? t('applying…') : statusLabel(item.status);

  return (
    <section className={`proposal-card proposal-${item.status}`} data-testid="proposal-card" data-status={item.status} aria-label={t('Edit to {0}', item.path)}>
      <header className="proposal-head">
        <span className="tool-name">{item.toolName}</span> <span className="proposal-path">{item.path}</span>
        {item.isNew && <span className="proposal-new"> {t('(new file)')}</span>}
        <span className="proposal-status" data-testid="proposal-status">{status}</span>
      </header>
      {item.hunks.map((h, i) => {
        const state = item.hunkStates[i] ?? 'pending';
        return (
          <div key={i} className={`proposal-hunk hunk-${state}`} data-testid="proposal-hunk" data-state={state}>
            <div className="hunk-head">
              <span className="hunk-label">
                {h.header} · {h.label}
              </span>
              {reviewing && state === 'pending' ? (
                <span className="hunk-actions">
                  <Button appearance="secondary" onClick={() => decide(i, true)} title={t('Accept hunk {0}', i + 1)} testId="hunk-accept">
                    {t('Accept')}
                  </Button>
                  <Button appearance="secondary" onClick={() => decide(i, false)} title={t('Reject hunk {0}', i + 1)} testId="hunk-reject">
                    {t('Reject')}
                  </Button>
                </span>
              ) : (
                <span className="hunk-state">{hunkLabel(state)}</span>
              )}
              {landed && state === 'accepted' && (
                <Button appearance="secondary" onClick={() => postToHost({ type: 'revertProposalHunk', proposalId: item.id, hunk: i })} title={t('Revert hunk {0}', i + 1)} testId="hunk-revert">
                  {t('Revert')}
                </Button>
              )}
            </div>
            <pre className="proposal-diff">
              {h.lines.map((line, j) => (
                <div key={j} className={lineClass(line)}>
                  {line}
                </div>
              ))}
            </pre>
          </div>
        );
      })}
      {reviewing && (
        <div className="proposal-review">
          <TextField value={comment} onChange={setComment} placeholder={t('Optional comment for Tandem')} testId="proposal-comment">
            {t('Comment')}
          </TextField>
          <div className="row">
            <Button onClick={() => decideAll('accept')} testId="proposal-accept-all" title={t('Accept all changes')}>
              {t('Accept all')}
            </Button>
            <Button appearance="secondary" onClick={() => decideAll('reject')} testId="proposal-reject-all" title={t('Reject all changes')}>
              {t('Reject all')}
            </Button>
          </div>
        </div>
      )}
      {item.comment && !reviewing && <div className="proposal-note">{t('Your comment: {0}', item.comment)}</div>}
      {item.message && <div className="proposal-note proposal-message">{item.message}</div>}
    </section>
  );
});
