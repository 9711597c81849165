// Checkpoints and rewind on real temp folders: edits through the Proposals port, commands through a
// real PersistentShell, a real git repository, a real session log.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlobStore, sha256 } from '../../src/core/checkpoints/blobStore';
import { Checkpointer } from '../../src/core/checkpoints/checkpointer';
import { planRewind, rewind, rewindConversation, rewindFiles } from '../../src/core/checkpoints/rewind';
import { diffSnapshots, snapshot } from '../../src/core/checkpoints/scan';
import { withBashCheckpoints, withCheckpoints } from '../../src/core/checkpoints/wrap';
import { buildProposal } from '../../src/core/edits/proposal';
import { emptyUsage } from '../../src/core/llm/types';
import { AutoApplyProposals } from '../../src/core/node/autoApplyProposals';
import { findRipgrep } from '../../src/core/node/ripgrep';
import type { EditProposal, ProposalOutcome, Proposals, Shell } from '../../src/core/ports';
import { SessionLog } from '../../src/core/session/log';
import { toMessages } from '../../src/core/session/replay';
import { PersistentShell } from '../../src/core/shell/persistentShell';

const tmp = (prefix: string) => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
const never = new AbortController().signal;

describe('checkpoints', () => {
  let ws: string;
  let storage: string;
  let store: BlobStore;
  let log: SessionLog;
  let shells: Shell[];

  beforeEach(() => {
    ws = tmp('tandem-cp-ws-');
    storage = tmp('tandem-cp-store-');
    store = new BlobStore(path.join(storage, 'blobs'));
    log = SessionLog.create(path.join(storage, 'sessions'), { cwd: ws, provider: 'anthropic', model: 'm' });
    shells = [];
  });
  afterEach(() => {
    for (const s of shells) s.dispose();
    log.close();
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  const file = (name: string) => path.join(ws, name);
  const put = (name: string, content: string) => fs.writeFileSync(file(name), content);
  const text = (name: string) => fs.readFileSync(file(name), 'utf8');
  const exists = (name: string) => fs.existsSync(file(name));
  const events = () => SessionLog.read(log.file).events;

  function checkpointer(extra: Partial<ConstructorParameters<typeof Checkpointer>[0]> = {}): Checkpointer {
    return new Checkpointer({ store, log, workspaceRoots: [ws], ...extra });
  }

  /** Logs a user message the way the recorder does, and starts its checkpoint as the host would. */
  function userMessage(cp: Checkpointer, id: string): void {
    log.append({ type: 'user_message', id, text: `message ${id}` });
    cp.startTurn(id);
  }

  let toolUse = 0;
  /** An edit as the Write/Edit tools propose it: computed from the file's current content. */
  function edit(proposals: Proposals, name: string, newContent: string): Promise<ProposalOutcome> {
    const abs = file(name);
    const oldContent = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : null;
    return proposals.propose(buildProposal({ toolUseId: `t${++toolUse}`, toolName: 'Write', absPath: abs, oldContent, newContent }), never);
  }

  function bashShell(cp: Checkpointer, scratchDir = tmp('tandem-cp-scratch-')): Shell {
    const shell = withBashCheckpoints(new PersistentShell({ cwd: ws, scratchDir, killGraceMs: 500 }), cp);
    shells.push(shell);
    return shell;
  }

  async function bash(shell: Shell, command: string): Promise<void> {
    const r = await shell.run(command, { timeoutMs: 20_000, signal: never });
    assert.equal(r.exitCode, 0, r.output);
  }

  function git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: ws, encoding: 'utf8' });
  }

  describe('BlobStore', () => {
    it('stores each content once under its sha256, fanned out by the first two hex digits', async () => {
      const h1 = await store.put('hello\n');
      const h2 = await store.put(Buffer.from('hello\n'));
      assert.equal(h1, h2);
      assert.equal(h1, sha256('hello\n'));
      assert.equal(store.pathOf(h1), path.join(store.dir, h1.slice(0, 2), h1.slice(2)));
      assert.deepEqual(fs.readdirSync(store.dir), [h1.slice(0, 2)]);
      // Exactly the blob, no leftover temp file beside it.
      assert.deepEqual(fs.readdirSync(path.join(store.dir, h1.slice(0, 2))), [h1.slice(2)]);
      assert.equal((await store.get(h1)).toString(), 'hello\n');
      assert.equal(await store.has(h1), true);
      assert.equal(await store.has(sha256('other')), false);
    });

    it('keeps binary bytes exactly, rejects ids that are not hashes, and says when a blob is missing', async () => {
      const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a]);
      assert.deepEqual(await store.get(await store.put(bytes)), bytes);
      assert.throws(() => store.pathOf('../../etc/passwd'), /not a checkpoint blob id/);
      await assert.rejects(store.get(sha256('never stored')), /missing/);
    });
  });

  describe('edits through Proposals', () => {
    it('rewinds a turn: the edited file gets its old bytes back and the created file is deleted', async () => {
      put('a.txt', 'one\r\ntwo\r\n');
      const cp = checkpointer();
      const proposals = withCheckpoints(new AutoApplyProposals(), cp);
      userMessage(cp, 'u1');
      assert.equal((await edit(proposals, 'a.txt', 'one\r\nTWO\r\n')).status, 'applied');
      assert.equal((await edit(proposals, 'b.txt', 'new file\n')).status, 'applied');
      assert.equal((await edit(proposals, 'a.txt', 'ONE\r\nTWO\r\n')).status, 'applied');
      await cp.endTurn();

      const checkpoints = events().filter((e) => e.type === 'checkpoint');
      assert.ok(checkpoints.length >= 1);
      // First capture wins: a.txt's entry is its content before the first edit.
      assert.deepEqual(planRewind(events(), 'u1'), [
        { path: file('a.txt'), hash: sha256('one\r\ntwo\r\n'), mode: fs.statSync(file('a.txt')).mode & 0o7777 },
        { path: file('b.txt'), hash: null },
      ]);

      const report = await rewindFiles(events(), 'u1', store);
      assert.deepEqual(report, { restored: [file('a.txt')], deleted: [file('b.txt')], unchanged: [], failed: [] });
      assert.equal(text('a.txt'), 'one\r\ntwo\r\n');
      assert.equal(exists('b.txt'), false);
    });

    it('rewinding to the first message undoes both turns; to the second, only the second', async () => {
      put('a.txt', 'A0');
      const cp = checkpointer();
      const proposals = withCheckpoints(new AutoApplyProposals(), cp);
      userMessage(cp, 'u1');
      await edit(proposals, 'a.txt', 'A1');
      await edit(proposals, 'b.txt', 'B1');
      await cp.endTurn();
      userMessage(cp, 'u2');
      await edit(proposals, 'a.txt', 'A2');
      await edit(proposals, 'b.txt', 'B2');
      await edit(proposals, 'c.txt', 'C2');
      await cp.endTurn();

      const toSecond = await rewindFiles(events(), 'u2', store);
      assert.deepEqual(toSecond.failed, []);
      assert.deepEqual([text('a.txt'), text('b.txt'), exists('c.txt')], ['A1', 'B1', false]);

      // The log is unchanged by a rewind, so an earlier point can still be chosen afterwards.
      const toFirst = await rewindFiles(events(), 'u1', store);
      assert.deepEqual(toFirst.failed, []);
      assert.deepEqual(toFirst.unchanged, [file('c.txt')]);
      assert.deepEqual([text('a.txt'), exists('b.txt'), exists('c.txt')], ['A0', false, false]);
    });

    it('does not keep a capture for an edit that was rejected', async () => {
      put('a.txt', 'A0');
      const cp = checkpointer();
      const rejecting: Proposals = {
        propose: async (p: EditProposal) => ({ status: 'rejected', acceptedHunks: [], rejectedHunks: p.hunks.map((_, i) => i) }),
      };
      userMessage(cp, 'u1');
      await edit(withCheckpoints(rejecting, cp), 'a.txt', 'A1');
      assert.equal(await cp.endTurn(), undefined);
      assert.deepEqual(events().filter((e) => e.type === 'checkpoint'), []);
    });

    it('saves the old bytes before the wrapped port writes, and never makes the model path wait', async () => {
      put('a.txt', 'before');
      const cp = checkpointer();
      // startTurn is synchronous: the host calls it on the user message and goes on to the request.
      assert.equal(cp.startTurn('u1'), undefined);
      const capture = cp.captureBefore(file('a.txt'));
      assert.ok(capture instanceof Promise);
      // Nothing was written synchronously: the caller got control back before any file I/O.
      assert.equal(fs.existsSync(store.pathOf(sha256('before'))), false);
      assert.equal(await Promise.race([capture.then(() => 'capture'), Promise.resolve('model request')]), 'model request');
      assert.equal(await capture, true);
      assert.equal(await cp.captureBefore(file('a.txt')), false, 'second capture of the turn is not made');
      // endTurn resolves to the logged event, so a host can fire and forget it (with a .catch).
      assert.deepEqual((await cp.endTurn())?.files, [{ path: file('a.txt'), hash: sha256('before'), mode: fs.statSync(file('a.txt')).mode & 0o7777 }]);

      let savedWhenWritten: boolean | undefined;
      const spy: Proposals = {
        propose: async (p) => {
          savedWhenWritten = await store.has(sha256('edited'));
          return new AutoApplyProposals().propose(p, never);
        },
      };
      put('e.txt', 'edited');
      cp.startTurn('u2');
      await edit(withCheckpoints(spy, cp), 'e.txt', 'changed');
      assert.equal(savedWhenWritten, true);
      // The wrapper logged the capture as soon as the edit was done, so a crash mid-turn keeps it.
      const logged = events().flatMap((e) => (e.type === 'checkpoint' && e.userMessageId === 'u2' ? e.files.map((f) => f.path) : []));
      assert.deepEqual(logged, [file('e.txt')]);
      assert.equal(await cp.endTurn(), undefined, 'nothing left to log');
    });
  });

  describe('Bash', () => {
    it('undoes a created file and restores a committed, unchanged file from git', async () => {
      put('d.txt', 'tracked\n');
      put('run.sh', '#!/bin/sh\necho hi\n');
      fs.chmodSync(file('run.sh'), 0o755);
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'init');
      const cp = checkpointer({ ripgrepPath: findRipgrep() });
      const shell = bashShell(cp);
      userMessage(cp, 'u1');
      await bash(shell, 'echo made > c.txt && rm d.txt run.sh && git rm -q --cached -r . && git -c user.name=T -c user.email=t@example.com commit -q -m gone');
      await cp.endTurn();

      assert.equal(exists('d.txt'), false);
      const report = await rewindFiles(events(), 'u1', store);
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.deleted, [file('c.txt')]);
      assert.deepEqual(report.restored.sort(), [file('d.txt'), file('run.sh')]);
      assert.equal(exists('c.txt'), false);
      assert.equal(text('d.txt'), 'tracked\n');
      assert.equal(fs.statSync(file('run.sh')).mode & 0o777, 0o755);
    });

    it('reports a deleted untracked file nobody read, and a committed file with local changes, as not restorable', async () => {
      put('d.txt', 'committed\n');
      git('init', '-q');
      git('add', 'd.txt');
      git('commit', '-q', '-m', 'init');
      put('d.txt', 'local change\n'); // git has another version: restoring that would lose this one
      put('notes.txt', 'untracked\n');
      const cp = checkpointer();
      const shell = bashShell(cp);
      userMessage(cp, 'u1');
      await bash(shell, 'rm d.txt notes.txt');
      await cp.endTurn();

      const report = await rewindFiles(events(), 'u1', store);
      assert.deepEqual(report.restored, []);
      assert.deepEqual(report.failed.map((f) => f.path).sort(), [file('d.txt'), file('notes.txt')]);
      assert.match(report.failed.find((f) => f.path === file('notes.txt'))!.reason, /not restorable: .*not committed to git/);
      assert.match(report.failed.find((f) => f.path === file('d.txt'))!.reason, /not restorable: .*changes not committed/);
      assert.equal(exists('d.txt'), false, 'the HEAD version was not written over a file that differed from it');
      assert.ok(cp.warnings.some((w) => w.includes('notes.txt')));
    });

    it('restores files the agent knew (read or edited earlier) after a command changed or deleted them, without git', async () => {
      put('read.txt', 'the agent read this\n');
      const cp = checkpointer({ knownFiles: () => [file('read.txt')] });
      const proposals = withCheckpoints(new AutoApplyProposals(), cp);
      const shell = bashShell(cp);
      userMessage(cp, 'u1');
      await edit(proposals, 'mine.txt', 'written in turn 1\n');
      await cp.endTurn();
      userMessage(cp, 'u2');
      await bash(shell, 'echo overwritten > mine.txt && rm read.txt');
      await cp.endTurn();

      const report = await rewindFiles(events(), 'u2', store);
      assert.deepEqual(report.failed, []);
      assert.equal(text('mine.txt'), 'written in turn 1\n');
      assert.equal(text('read.txt'), 'the agent read this\n');
    });

    it('leaves its own scratch files out, and an edit before a command in the same turn keeps the first capture', async () => {
      put('a.txt', 'A0');
      put('k.txt', 'read by the agent: saved into the store before the command');
      const scratch = path.join(ws, '.scratch');
      // Both the blob store and the scratch folder inside the workspace: the store's new blobs and the
      // command's scratch output must not be taken for files the command created.
      store = new BlobStore(path.join(ws, '.store'));
      const cp = checkpointer({ excludeDirs: [scratch], knownFiles: () => [file('k.txt')] });
      const proposals = withCheckpoints(new AutoApplyProposals(), cp);
      const shell = bashShell(cp, scratch);
      userMessage(cp, 'u1');
      await edit(proposals, 'a.txt', 'A1');
      await bash(shell, 'echo A2 > a.txt && echo output > .scratch/full-output.txt');
      await cp.endTurn();
      const paths = planRewind(events(), 'u1').map((f) => f.path);
      assert.deepEqual(paths, [file('a.txt')]);
      await rewindFiles(events(), 'u1', store);
      assert.equal(text('a.txt'), 'A0');
    });

    it('records renames, removed folders and a file the user made between commands as they happened', async () => {
      fs.mkdirSync(file('sub/deep'), { recursive: true });
      put('sub/a.txt', 'a\n');
      put('sub/deep/b.txt', 'b\n');
      put('keep.txt', 'keep\n');
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'init');
      const cp = checkpointer({ ripgrepPath: findRipgrep() });
      const shell = bashShell(cp);
      userMessage(cp, 'u1');
      await bash(shell, 'true'); // the listing is made by now
      await new Promise((r) => setTimeout(r, 20));
      put('mine.txt', 'made by the user between two commands\n');
      await bash(shell, 'mv keep.txt moved.txt && rm -rf sub && echo more >> mine.txt');
      await cp.endTurn();

      const report = await rewindFiles(events(), 'u1', store);
      assert.deepEqual(report.deleted, [file('moved.txt')]);
      assert.deepEqual(report.restored.sort(), [file('keep.txt'), file('sub/a.txt'), file('sub/deep/b.txt')]);
      assert.equal(text('sub/deep/b.txt'), 'b\n');
      // The user's file existed before the command: it is not deleted; its earlier bytes were never seen.
      assert.equal(exists('mine.txt'), true);
      assert.deepEqual(report.failed.map((f) => f.path), [file('mine.txt')]);
    });

    it('lists the files of a folder moved in between commands, however deep: a command that removes them can be undone', async () => {
      // A moved folder keeps the change times of what is inside it: only the folder itself and its
      // new parent look changed, so the folders below it must be read because they are new.
      fs.mkdirSync(file('x/y/z'), { recursive: true });
      put('x/y/f.txt', 'deep\n');
      put('x/y/z/g.txt', 'deeper\n');
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'init');
      const away = tmp('tandem-cp-away-');
      try {
        const cp = checkpointer({ ripgrepPath: findRipgrep() });
        const shell = bashShell(cp);
        userMessage(cp, 'u1');
        // Each command's recording runs on after it; flush() waits for it, as the model's reply would.
        await bash(shell, 'true'); // the listing is made by now
        await cp.flush();
        fs.renameSync(file('x'), path.join(away, 'x'));
        await bash(shell, 'true'); // the listing learns that x is gone
        await cp.flush();
        fs.renameSync(path.join(away, 'x'), file('x'));
        await bash(shell, 'rm -rf x');
        await cp.endTurn();

        const report = await rewindFiles(events(), 'u1', store);
        assert.deepEqual(report.restored.sort(), [file('x/y/f.txt'), file('x/y/z/g.txt')]);
        assert.equal(text('x/y/z/g.txt'), 'deeper\n');
      } finally {
        fs.rmSync(away, { recursive: true, force: true });
      }
    });

    it('with a change feed, asks git once and counts what the feed, the agent and commands changed as not committed', async () => {
      put('a.txt', 'committed a\n');
      put('b.txt', 'committed b\n');
      put('c.txt', 'committed c\n');
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'init');
      const reported: string[] = [];
      const feed = { take: () => reported.splice(0) };
      const cp = checkpointer({ ripgrepPath: findRipgrep(), changeFeed: feed });
      const shell = bashShell(cp);
      userMessage(cp, 'u1');
      await bash(shell, 'true');
      // Between two commands (a model round trip in real use) the first one's changes are recorded.
      await cp.flush();
      // The user changes a.txt between commands and the host's watcher reports it; b.txt is changed
      // by a command; c.txt is left alone until the last command.
      put('a.txt', 'the user\'s own change\n');
      reported.push(file('a.txt'));
      await bash(shell, 'echo cmd >> b.txt');
      await bash(shell, 'rm a.txt b.txt c.txt');
      await cp.endTurn();

      const report = await rewindFiles(events(), 'u1', store);
      // c.txt was committed and untouched: git gives it back. a.txt differed from HEAD (reported), and
      // b.txt's state before the last command was the first command's doing: neither is taken from git.
      assert.deepEqual(report.restored.sort(), [file('b.txt'), file('c.txt')]);
      assert.equal(text('b.txt'), 'committed b\n', 'b.txt goes back to before the first command of the turn');
      assert.deepEqual(report.failed.map((f) => f.path), [file('a.txt')]);
      assert.equal(exists('a.txt'), false, 'HEAD\'s a.txt was not written over the user\'s change');
    });

    it('with a change feed, a new HEAD or an overflowing feed asks git again', async () => {
      put('a.txt', 'v1\n');
      put('b.txt', 'b committed\n');
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'one');
      let next: string[] | 'overflow' = [];
      const cp = checkpointer({ changeFeed: { take: () => next } });
      const shell = bashShell(cp);
      userMessage(cp, 'u1');
      await bash(shell, 'true');
      await cp.flush();
      // Committed behind the feed's back (e.g. from another terminal): HEAD moved, so git is asked again.
      put('a.txt', 'v2\n');
      git('commit', '-q', '-am', 'two');
      await bash(shell, 'rm a.txt');
      await cp.endTurn();
      userMessage(cp, 'u2');
      // A change the feed could not report in detail: git is asked again and knows b.txt differs.
      put('b.txt', 'local, unreported\n');
      next = 'overflow';
      await bash(shell, 'rm b.txt');
      await cp.endTurn();

      assert.equal((await rewindFiles(events(), 'u1', store)).restored.length, 1);
      assert.equal(text('a.txt'), 'v2\n');
      const second = await rewindFiles(events(), 'u2', store);
      assert.deepEqual(second.restored, []);
      assert.deepEqual(second.failed.map((f) => f.path), [file('b.txt')]);
      assert.equal(exists('b.txt'), false, 'the committed b.txt was not written over the local change');
    });

    it('is complete on a workspace far above the old 50,000-file cap', async function () {
      this.timeout(120_000);
      for (let d = 0; d < 104; d++) {
        fs.mkdirSync(file(`d${d}`));
        for (let f = 0; f < 500; f++) fs.writeFileSync(file(`d${d}/f${f}.txt`), `${d}/${f}\n`);
      }
      const cp = checkpointer({ ripgrepPath: findRipgrep(), knownFiles: () => [file('d7/f7.txt'), file('d103/f499.txt')] });
      const shell = bashShell(cp);
      userMessage(cp, 'u1');
      await bash(shell, 'rm d7/f7.txt && echo new > d60/new.txt && echo changed > d103/f499.txt');
      await cp.endTurn();

      const report = await rewindFiles(events(), 'u1', store);
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.deleted, [file('d60/new.txt')]);
      assert.deepEqual(report.restored.sort(), [file('d103/f499.txt'), file('d7/f7.txt')]);
      assert.equal(text('d103/f499.txt'), '103/499\n');
      assert.ok(!cp.warnings.some((w) => /too many files/.test(w)), cp.warnings.join('\n'));
      for (let d = 0; d < 104; d++) fs.rmSync(file(`d${d}`), { recursive: true }); // within this test's time
    });

    it('scans with ripgrep (gitignored files left out) or a folder walk, always skipping .git and node_modules', async () => {
      fs.mkdirSync(file('src'));
      fs.mkdirSync(file('node_modules/x'), { recursive: true });
      fs.mkdirSync(file('.git'));
      put('src/a.ts', 'a');
      put('node_modules/x/i.js', 'x');
      put('.git/HEAD', 'ref');
      put('.gitignore', 'build/\n');
      fs.mkdirSync(file('build'));
      put('build/out.js', 'o');
      const rg = findRipgrep();
      assert.ok(rg, 'ripgrep is available (from @vscode/ripgrep-universal)');
      const withRg = await snapshot([ws], { ripgrepPath: rg });
      assert.deepEqual([...withRg.files.keys()].sort(), [file('.gitignore'), file('src/a.ts')]);
      const walked = await snapshot([ws]);
      assert.deepEqual([...walked.files.keys()].sort(), [file('.gitignore'), file('build/out.js'), file('src/a.ts')]);

      put('src/b.ts', 'b');
      fs.rmSync(file('.gitignore'));
      fs.writeFileSync(file('src/a.ts'), 'changed');
      const diff = diffSnapshots(walked, await snapshot([ws]));
      assert.deepEqual(diff, { created: [file('src/b.ts')], deleted: [file('.gitignore')], modified: [file('src/a.ts')], complete: true });

      const capped = await snapshot([ws], { maxFiles: 1 });
      assert.equal(capped.complete, false);
      assert.deepEqual(diffSnapshots(capped, walked).created, [], 'a capped scan does not claim files were created');
    });
  });

  describe('conversation', () => {
    it('forks the session up to, not including, the chosen user message', async () => {
      const cp = checkpointer();
      const proposals = withCheckpoints(new AutoApplyProposals(), cp);
      userMessage(cp, 'u1');
      log.append({ type: 'assistant_message', id: 'a1', message: { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Write', input: {} }] }, usage: emptyUsage(), stopReason: 'tool_use' });
      await edit(proposals, 'x.txt', 'X');
      log.append({ type: 'tool_results', message: { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: 'ok' }] } });
      log.append({ type: 'assistant_message', id: 'a2', message: { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] }, usage: emptyUsage(), stopReason: 'end_turn' });
      log.append({ type: 'turn_end', status: 'completed' });
      await cp.endTurn();
      const before = events();
      userMessage(cp, 'u2');
      log.append({ type: 'assistant_message', id: 'a3', message: { role: 'assistant', content: [{ type: 'text', text: 'Sure.' }] }, usage: emptyUsage(), stopReason: 'end_turn' });

      const fork = rewindConversation(log.file, 'u2');
      assert.equal(fork.text, 'message u2');
      const forked = SessionLog.read(fork.file).events;
      assert.deepEqual(toMessages(forked), toMessages(before));
      assert.ok(toMessages(forked).length > 0);
      // The fork keeps the earlier checkpoints, so it can still rewind files to u1.
      assert.deepEqual(planRewind(forked, 'u1').map((f) => f.path), [file('x.txt')]);

      const both = await rewind({ logFile: log.file, toUserMessageId: 'u1', mode: 'both', store });
      assert.deepEqual(toMessages(SessionLog.read(both.conversation!.file).events), []);
      assert.deepEqual(both.files?.deleted, [file('x.txt')]);
      assert.throws(() => rewindConversation(log.file, 'nope'), /no user message "nope"/);
    });
  });
});
