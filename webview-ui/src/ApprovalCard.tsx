import { memo, useState } from 'react';
import type { TranscriptItem } from '../../src/protocol/messages';
import { Button } from './toolkit';
import { postToHost } from './vscodeApi';

type ApprovalItem = Extract<TranscriptItem, { kind: 'approval' }>;

/** One question from the permission engine: allow once, allow for this chat, or deny with a reason. */
export const ApprovalCard = memo(function ApprovalCard({ item }: { item: ApprovalItem }) {
  const [message, setMessage] = useState('');
  const answer = (decision: 'allow' | 'deny', remember = false) =>
    postToHost({ type: 'approve', approvalId: item.id, decision, ...(remember ? { remember } : {}), ...(message.trim() ? { message: message.trim() } : {}) });
  return (
    <section className={`approval-card approval-${item.status}`} data-testid="approval-card" data-status={item.status} aria-label={`${item.toolName} needs approval`}>
      <div className="approval-title">
        <span className="tool-name">{item.toolName}</span> wants to run:
      </div>
      <pre className="approval-summary">{item.summary}</pre>
      <div className="approval-reason">{item.reason}</div>
      {item.status === 'pending' ? (
        <>
          <input
            className="approval-message"
            data-testid="approval-message"
            placeholder="Optional: tell the agent why not, or what to do instead"
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
          <div className="row">
            <Button onClick={() => answer('allow')} testId="approval-allow">Allow</Button>
            {item.toolName === 'Bash' && (
              <Button appearance="secondary" onClick={() => answer('allow', true)} testId="approval-allow-always" title="Allow this exact command for the rest of this chat">
                Allow in this chat
              </Button>
            )}
            <Button appearance="secondary" onClick={() => answer('deny')} testId="approval-deny">Deny</Button>
          </div>
        </>
      ) : (
        <div className="approval-status">{item.status === 'allowed' ? 'Allowed' : 'Denied'}</div>
      )}
    </section>
  );
});
