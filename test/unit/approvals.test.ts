import { strict as assert } from 'node:assert';
import { PanelApprover } from '../../src/extension/approvals';
import type { PendingApproval } from '../../src/extension/approvals';

const request = (id: string) => ({ toolUseId: id, toolName: 'Bash', input: { command: 'npm test' }, summary: 'npm test', reason: 'running `npm test` needs approval' });

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
});
