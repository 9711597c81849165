import { strict as assert } from 'node:assert';
import { PanelApprover } from '../../src/extension/approvals';
import type { PendingApproval } from '../../src/extension/approvals';

const request = (id: string) => ({
  toolUseId: id,
  toolName: 'Bash',
  input: { command: 'npm test' },
  summary: 'npm test',
  reason: 'running `npm test` needs approval',
  suggestions: ['Bash(npm test:*)'],
});

describe('PanelApprover', () => {
  it('shows the question, takes one answer for its id, and marks it settled', async () => {
    const shown: { req: PendingApproval; settled?: string }[] = [];
    const approver = new PanelApprover((req, settled) => shown.push({ req, settled }));
    const answer = approver.ask(request('tu1'), new AbortController().signal);
    assert.equal(shown.length, 1);
    const id = shown[0].req.id;
    assert.equal(approver.answer('ap-unknown', { decision: 'allow' }), false, 'an unknown id is refused');
    assert.equal(approver.answer(id, { decision: 'allow', remember: true }), true);
    assert.equal(approver.answer(id, { decision: 'deny' }), false, 'a second answer is refused');
    assert.deepEqual(await answer, { decision: 'allow', remember: true });
    assert.equal(shown[1].settled, 'allow');
    assert.deepEqual(approver.pending, []);
  });

  it('denies when the run is stopped, and denyAll closes every open question', async () => {
    const approver = new PanelApprover(() => undefined);
    const ac = new AbortController();
    const a = approver.ask(request('tu1'), ac.signal);
    const b = approver.ask(request('tu2'), new AbortController().signal);
    assert.equal(approver.pending.length, 2);
    ac.abort();
    assert.equal((await a).decision, 'deny');
    approver.denyAll('new chat');
    assert.deepEqual(await b, { decision: 'deny', message: 'new chat' });
    assert.deepEqual(approver.pending, []);
  });

  it('takes "always" only for a rule the engine suggested for this call', async () => {
    const shown: PendingApproval[] = [];
    const approver = new PanelApprover((req) => shown.push(req));
    const answer = approver.ask(request('tu9'), new AbortController().signal);
    const id = shown[0].id;
    assert.deepEqual(shown[0].suggestions, ['Bash(npm test:*)']);
    assert.equal(approver.answer(id, { decision: 'allow', always: { rule: 'Bash', scope: 'user' } }), false, 'a forged broad rule is refused');
    assert.equal(approver.pending.length, 1, 'the question stays open');
    assert.equal(approver.answer(id, { decision: 'allow', always: { rule: 'Bash(npm test:*)', scope: 'local' } }), true);
    assert.deepEqual(await answer, { decision: 'allow', always: { rule: 'Bash(npm test:*)', scope: 'local' } });
  });
});
