import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { buildProposal } from '../../../src/core/edits/proposal';
import type { ProposalOutcome } from '../../../src/core/ports';
import type { ChatController } from '../../../src/extension/chatController';
import type { EditorProposals } from '../../../src/extension/review/editorProposals';
import type { HostToWebview, UiEvent } from '../../../src/protocol/messages';
import { activateTandem, waitFor } from './util';

const base = Array.from({ length: 20 }, (_, i) => `line ${i + 1}\n`);
const ORIGINAL = base.join('');
/** Changes line 3 (hunk 0) and line 16 (hunk 1). */
const TWO_CHANGES = base.map((l, i) => (i === 2 ? 'line THREE\n' : i === 15 ? 'line SIXTEEN\n' : l)).join('');
const withHunk0 = base.map((l, i) => (i === 2 ? 'line THREE\n' : l)).join('');

describe('Edit proposals in the editor', () => {
  let proposals: EditorProposals;
  let chat: ChatController;
  let folder: string;
  let counter = 0;
  let problemsTimeoutMs = 0;

  before(async () => {
    const api = await activateTandem();
    proposals = api.proposals;
    chat = api.chat;
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // Plain-text files have no language service: waiting for their problems would only cost time.
    problemsTimeoutMs = proposals.problemsTimeoutMs;
    proposals.problemsTimeoutMs = 0;
  });
  after(() => {
    proposals.problemsTimeoutMs = problemsTimeoutMs;
  });
  afterEach(async () => {
    proposals.autoApply = false;
    proposals.problemsTimeoutMs = 0;
    chat.attach(undefined);
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  function file(name: string, text = ORIGINAL): string {
    const abs = path.join(folder, 'review', name);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    return abs;
  }

  function propose(abs: string, oldContent: string | null, newContent: string) {
    const proposal = buildProposal({ toolUseId: `tu_review_${++counter}`, toolName: 'Edit', absPath: abs, oldContent, newContent });
    const abort = new AbortController();
    const outcome = proposals.propose(proposal, abort.signal);
    const review = proposals.store.pendingForFile(vscode.Uri.file(abs));
    return { proposal, abort, outcome, id: review?.id ?? '' };
  }

  const disk = (abs: string) => fs.readFileSync(abs, 'utf8');
  const lensesOf = async (uri: vscode.Uri) =>
    ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).filter((l) =>
      l.command?.command.startsWith('tandem.proposal') || l.command?.title.includes('Accepted') || l.command?.title.includes('Rejected'),
    );
  const diffTab = (id: string) =>
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.query.includes(`id=${id}`));
  async function focus(abs: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(abs);
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  it('opens the diff editor, decorates each hunk and puts CodeLens on each hunk and the file', async () => {
    const abs = file('lenses.txt');
    const uri = vscode.Uri.file(abs);
    const { outcome, id } = propose(abs, ORIGINAL, TWO_CHANGES);
    assert.ok(id, 'the proposal is pending');
    const tab = await waitFor('the diff editor', () => diffTab(id));
    assert.equal(tab.label, 'lenses.txt (Tandem proposal)');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), ORIGINAL);
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), TWO_CHANGES);

    const ranges = await waitFor('decorations', () => {
      const r = proposals.decorations.rangesFor(uri);
      return r.pending.length === 2 && r;
    });
    assert.deepEqual(ranges.pending.map((r) => r.start.line), [2, 15]);

    const lenses = await lensesOf(uri);
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title, l.command!.command]),
      [
        [0, 'Tandem: Accept all (2)', 'tandem.proposal.acceptAll'],
        [0, 'Reject all', 'tandem.proposal.rejectAll'],
        [2, 'Accept', 'tandem.proposal.acceptHunk'],
        [2, 'Reject', 'tandem.proposal.rejectHunk'],
        [15, 'Accept', 'tandem.proposal.acceptHunk'],
        [15, 'Reject', 'tandem.proposal.rejectHunk'],
      ],
    );
    assert.deepEqual(lenses[4].command!.arguments, [id, 1]);

    assert.equal(await vscode.commands.executeCommand('tandem.proposal.rejectAll', id), true);
    const o = await outcome;
    assert.deepEqual([o.status, o.acceptedHunks, o.rejectedHunks], ['rejected', [], [0, 1]]);
    assert.equal(disk(abs), ORIGINAL);
    assert.deepEqual(proposals.decorations.rangesFor(uri).pending, []);
    assert.deepEqual(await lensesOf(uri), []);
    await waitFor('the diff editor to close', () => !diffTab(id));
  });

  it('accepts hunk 1 and rejects hunk 2 with the commands at the cursor, saves, and undo restores', async () => {
    const abs = file('partial.txt');
    const { outcome, id } = propose(abs, ORIGINAL, TWO_CHANGES);
    await waitFor('the diff editor', () => diffTab(id));
    const editor = await focus(abs);
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand('tandem.proposal.acceptHunk');
    assert.deepEqual(proposals.store.get(id)?.hunkStates, ['accepted', 'pending']);
    const lenses = await lensesOf(editor.document.uri);
    assert.deepEqual(lenses.map((l) => l.command!.title), ['Tandem: Accept all (2)', 'Reject all', '✓ Accepted', 'Accept', 'Reject']);
    assert.equal(await vscode.commands.executeCommand('tandem.proposal.nextHunk'), 1);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 15);
    assert.equal(await vscode.commands.executeCommand('tandem.proposal.comment', undefined, 'keep line 16 as it is'), true);
    await vscode.commands.executeCommand('tandem.proposal.rejectHunk');

    const o = await outcome;
    assert.deepEqual(
      { status: o.status, accepted: o.acceptedHunks, rejected: o.rejectedHunks, comment: o.comment },
      { status: 'partial', accepted: [0], rejected: [1], comment: 'keep line 16 as it is' },
    );
    assert.equal(o.finalContent, withHunk0);
    assert.equal(disk(abs), withHunk0, 'saved on disk');
    assert.equal(editor.document.isDirty, false);

    await focus(abs);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo', () => editor.document.getText() === ORIGINAL);
    await editor.document.save();
    assert.equal(disk(abs), ORIGINAL);
  });

  it('applies to a dirty buffer’s text and saves it', async () => {
    const abs = file('dirty.txt');
    const doc = await vscode.workspace.openTextDocument(abs);
    await vscode.window.showTextDocument(doc);
    const typed = new vscode.WorkspaceEdit();
    typed.insert(doc.uri, new vscode.Position(0, 0), 'typed but not saved\n');
    assert.ok(await vscode.workspace.applyEdit(typed));
    assert.ok(doc.isDirty);
    const buffer = doc.getText();
    const next = buffer.replace('line 10\n', 'line TEN\n');
    const { outcome, id } = propose(abs, buffer, next);
    assert.equal(await vscode.commands.executeCommand('tandem.proposal.acceptAll', id), true);
    const o = await outcome;
    assert.equal(o.status, 'applied');
    assert.equal(doc.getText(), next);
    assert.equal(disk(abs), next);
    assert.ok(disk(abs).startsWith('typed but not saved\n'), 'the unsaved typing is kept');
    assert.equal(doc.isDirty, false);
  });

  it('re-bases onto a change on disk when the hunk still fits, and says stale when it does not', async () => {
    const abs = file('moved.txt');
    const first = propose(abs, ORIGINAL, TWO_CHANGES);
    const elsewhere = ORIGINAL.replace('line 10\n', 'line 10 changed by someone else\n');
    fs.writeFileSync(abs, elsewhere);
    proposals.decideAll(first.id, true);
    const o1 = await first.outcome;
    assert.equal(o1.status, 'applied', JSON.stringify(o1));
    const both = TWO_CHANGES.replace('line 10\n', 'line 10 changed by someone else\n');
    assert.equal(disk(abs), both);

    const abs2 = file('stale.txt');
    const second = propose(abs2, ORIGINAL, TWO_CHANGES);
    const clash = ORIGINAL.replace('line 4\n', 'line 4 changed by someone else\n');
    fs.writeFileSync(abs2, clash);
    proposals.decide(second.id, [{ hunk: 0, accept: true }, { hunk: 1, accept: false }]);
    const o2 = await second.outcome;
    assert.deepEqual([o2.status, o2.acceptedHunks], ['stale', []]);
    assert.equal(disk(abs2), clash, 'the other change is kept and nothing was written');
    assert.match(proposals.store.get(second.id)?.message ?? '', /hunk 1 no longer fits/);
  });

  it('creates a new file through a WorkspaceEdit', async () => {
    const abs = path.join(folder, 'review', 'nested', `new-${Date.now()}.txt`);
    const { outcome, id } = propose(abs, null, 'brand new\n');
    assert.ok(id);
    assert.equal(await vscode.commands.executeCommand('tandem.proposal.acceptAll', id), true);
    const o = await outcome;
    assert.equal(o.status, 'applied');
    assert.equal(disk(abs), 'brand new\n');
  });

  it('tells the model the errors an accepted edit introduced', async () => {
    assert.ok(problemsTimeoutMs > 0, 'the extension waits for problems after an edit');
    proposals.problemsTimeoutMs = 5_000;
    const abs = file('config.json', '{\n  "a": 1\n}\n');
    await focus(abs);
    const { outcome, id } = propose(abs, '{\n  "a": 1\n}\n', '{\n  "a": 1,,\n}\n');
    proposals.decideAll(id, true);
    const o = await outcome;
    assert.equal(o.status, 'applied');
    assert.match(o.problems ?? '', /New errors reported in the editor after this edit:\n.*config\.json:2:/);
  });

  it('autoApply applies at once, lists the change, and reverts one hunk', async () => {
    proposals.autoApply = true;
    const abs = file('auto.txt');
    const proposal = buildProposal({ toolUseId: 'tu_auto', toolName: 'Edit', absPath: abs, oldContent: ORIGINAL, newContent: TWO_CHANGES });
    const o = await proposals.propose(proposal, new AbortController().signal);
    assert.deepEqual([o.status, o.acceptedHunks], ['applied', [0, 1]]);
    assert.equal(disk(abs), TWO_CHANGES);
    const change = proposals.sessionChanges().find((r) => r.proposal === proposal);
    assert.ok(change, 'listed in the changes of this session');
    assert.equal(await vscode.commands.executeCommand('tandem.proposal.revertHunk', change.id, 1), true);
    assert.equal(disk(abs), withHunk0);
    assert.deepEqual(change.hunkStates, ['accepted', 'reverted']);
    assert.equal(await vscode.commands.executeCommand('tandem.proposal.revertHunk', change.id, 1), false, 'a reverted hunk cannot be reverted again');
  });

  it('a stopped run rejects the proposal and clears its decorations', async () => {
    const abs = file('abort.txt');
    const uri = vscode.Uri.file(abs);
    const { outcome, abort, id } = propose(abs, ORIGINAL, TWO_CHANGES);
    await waitFor('decorations', () => proposals.decorations.rangesFor(uri).pending.length === 2);
    abort.abort();
    const o: ProposalOutcome = await outcome;
    assert.equal(o.status, 'rejected');
    assert.match(o.comment ?? '', /stopped/);
    assert.deepEqual(proposals.decorations.rangesFor(uri).pending, []);
    assert.deepEqual(await lensesOf(uri), []);
    assert.equal(proposals.decide(id, [{ hunk: 0, accept: true }]), false, 'a finished proposal takes no decisions');
    assert.equal(disk(abs), ORIGINAL);
  });

  it('takes the card’s decisions from the webview and drops malformed or foreign ones', async () => {
    const posted: HostToWebview[] = [];
    chat.attach({ post: (m) => posted.push(m) });
    const events = () => posted.flatMap((m): UiEvent[] => (m.type === 'event' ? [m.event] : []));
    const abs = file('card.txt');
    const { outcome, id } = propose(abs, ORIGINAL, TWO_CHANGES);
    const card = await waitFor('the card', () => events().find((e) => e.type === 'proposal'));
    assert.ok(card.type === 'proposal');
    assert.equal(card.id, id);
    assert.equal(card.path, 'review/card.txt');
    assert.deepEqual(card.hunks.map((h) => h.lines.filter((l) => l[0] !== ' ')), [['-line 3', '+line THREE'], ['-line 16', '+line SIXTEEN']]);

    await chat.receive({ type: 'reviewProposal', proposalId: id, decisions: [{ hunk: 0, accept: true }], comment: 'from the card' });
    for (const bad of [
      { type: 'reviewProposal', proposalId: id, decisions: [{ hunk: '1', accept: false }] },
      { type: 'reviewProposal', proposalId: id, all: 'yes' },
      { type: 'reviewProposal', proposalId: id },
      { type: 'reviewProposal', proposalId: id, all: 'reject', decisions: [{ hunk: 1, accept: false }] },
      { type: 'reviewProposal', proposalId: id, decisions: [{ hunk: 7, accept: false }] },
      { type: 'reviewProposal', proposalId: 'proposal-unknown', all: 'reject' },
      { type: 'reviewProposal', proposalId: id, all: 'reject', extra: 1 },
    ]) {
      await chat.receive(bad);
    }
    assert.deepEqual(proposals.store.get(id)?.hunkStates, ['accepted', 'pending'], 'no malformed message acted');
    await chat.receive({ type: 'reviewProposal', proposalId: id, decisions: [{ hunk: 1, accept: false }] });
    const o = await outcome;
    assert.deepEqual([o.status, o.acceptedHunks, o.rejectedHunks, o.comment], ['partial', [0], [1], 'from the card']);
    assert.equal(disk(abs), withHunk0);

    const update = events().filter((e) => e.type === 'proposal_update').pop();
    assert.deepEqual(update, { type: 'proposal_update', id, status: 'partial', hunkStates: ['accepted', 'rejected'], comment: 'from the card' });
    await chat.receive({ type: 'reviewProposal', proposalId: id, all: 'accept' });
    assert.equal(disk(abs), withHunk0, 'a finished proposal ignores further reviews');
    await chat.receive({ type: 'ready' });
    const snapshot = posted.filter((m) => m.type === 'transcript').pop();
    const item = snapshot?.type === 'transcript' ? snapshot.items.find((i) => i.id === id) : undefined;
    assert.ok(item && item.kind === 'proposal' && item.status === 'partial', 'the transcript holds the card with its final status');
  });
});
