// The VS Code adapters of the core's ports (src/extension/host), in the real extension host: the
// workspace reads unsaved buffers and honours files.exclude, the shell mirrors into a "Tandem"
// terminal, problems after an edit come from the language services, and trust maps to plan mode.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PersistentShell } from '../../../src/core/shell/persistentShell';
import { globTool } from '../../../src/core/tools/glob';
import { grepTool } from '../../../src/core/tools/grep';
import type { Tool, ToolContext, ToolResult } from '../../../src/core/tools/types';
import { currentErrors, diagnosticsAfterEdit, newProblems, problemsReport } from '../../../src/extension/host/diagnostics';
import { TerminalShell } from '../../../src/extension/host/terminalShell';
import { currentTrustNotice, effectivePermissionMode, trustNotice } from '../../../src/extension/host/trust';
import { VscodeWorkspace } from '../../../src/extension/host/vscodeWorkspace';
import { waitFor } from './util';

const folder = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const decode = (b: Uint8Array) => Buffer.from(b).toString('utf8');

async function closeEditorsDiscarding(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function toolContext(workspace: VscodeWorkspace, cwd: string): ToolContext {
  return {
    cwd,
    workspace,
    proposals: { propose: () => Promise.reject(new Error('no proposals in this test')) },
    shell: { run: () => Promise.reject(new Error('no shell in this test')), dispose: () => undefined },
    session: { readFiles: new Map(), todos: [], scratchDir: path.join(os.tmpdir(), 'tandem-host-test') },
    clock: { now: () => Date.now() },
    signal: new AbortController().signal,
    toolUseId: 'toolu_host',
  };
}

const call = <I>(tool: Tool<I>, raw: unknown, ctx: ToolContext): Promise<ToolResult> => tool.execute(tool.input.parse(raw), ctx);

describe('VscodeWorkspace', () => {
  const ws = new VscodeWorkspace();
  afterEach(closeEditorsDiscarding);

  it('has the file workspace folders as canonical roots, and finds ripgrep', () => {
    assert.deepEqual(ws.roots(), [fs.realpathSync.native(folder())]);
    assert.ok(ws.ripgrepPath(), 'a ripgrep binary was found');
    assert.equal(ws.ripgrepProblem(), undefined);
  });

  it('reads the unsaved text of an open, dirty editor, and the disk otherwise', async () => {
    const file = path.join(ws.roots()[0]!, 'notes.txt');
    const onDisk = fs.readFileSync(file, 'utf8');
    assert.equal(decode(await ws.readFile(file)), onDisk, 'a file that is not open is read from disk');

    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'unsaved ünïcode line\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);

    assert.equal(decode(await ws.readFile(file)), `unsaved ünïcode line\n${onDisk}`);
    assert.equal(fs.readFileSync(file, 'utf8'), onDisk, 'the disk is unchanged');
  });

  it('stats, lists, and reports a missing file as ENOENT', async () => {
    const root = ws.roots()[0]!;
    const stat = await ws.stat(path.join(root, 'notes.txt'));
    assert.equal(stat?.type, 'file');
    assert.equal(stat?.size, fs.statSync(path.join(root, 'notes.txt')).size);
    assert.ok(Math.abs(stat!.mtimeMs - fs.statSync(path.join(root, 'notes.txt')).mtimeMs) < 1000);
    assert.equal((await ws.stat(root))?.type, 'directory');
    assert.equal(await ws.stat(path.join(root, 'missing.txt')), undefined);
    const entries = await ws.list(root);
    assert.deepEqual(entries.find((e) => e.name === 'notes.txt'), { name: 'notes.txt', type: 'file' });
    await assert.rejects(ws.readFile(path.join(root, 'missing.txt')), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
    assert.equal(await ws.realpath(path.join(root, 'not', 'yet.txt')), path.join(root, 'not', 'yet.txt'));
  });

  describe('files.exclude', () => {
    let root: string;
    before(() => {
      root = ws.roots()[0]!;
      fs.mkdirSync(path.join(root, 'generated'), { recursive: true });
      fs.writeFileSync(path.join(root, 'generated', 'out.txt'), 'another needle\n');
    });
    after(async () => {
      await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(path.join(root, 'generated'), { recursive: true, force: true });
    });

    it('excludeGlobs has the true entries of files.exclude and search.exclude', async () => {
      assert.ok(!ws.excludeGlobs().includes('**/generated'));
      await vscode.workspace
        .getConfiguration('files')
        .update('exclude', { '**/generated': true, '**/shown': false }, vscode.ConfigurationTarget.Workspace);
      const globs = ws.excludeGlobs();
      assert.ok(globs.includes('**/generated'), JSON.stringify(globs));
      assert.ok(!globs.includes('**/shown'), 'entries set to false are not excluded');
      assert.ok(globs.includes('**/node_modules'), 'search.exclude defaults count too');
    });

    it('Glob and Grep leave out the excluded files, and see them again once the setting is gone', async () => {
      const ctx = toolContext(ws, root);
      const excludedGlob = await call(globTool, { pattern: '**/*.txt' }, ctx);
      assert.match(excludedGlob.content, /notes\.txt/);
      assert.doesNotMatch(excludedGlob.content, /generated/);
      const excludedGrep = await call(grepTool, { pattern: 'needle' }, ctx);
      assert.match(excludedGrep.content, /notes\.txt/);
      assert.doesNotMatch(excludedGrep.content, /generated/);

      await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      assert.match((await call(globTool, { pattern: '**/*.txt' }, ctx)).content, /generated\/out\.txt/);
      assert.match((await call(grepTool, { pattern: 'needle' }, ctx)).content, /generated\/out\.txt/);
    });
  });
});

describe('TerminalShell', () => {
  let shell: TerminalShell;
  let cwd: string;
  const run = (command: string, signal = new AbortController().signal) => shell.run(command, { timeoutMs: 30_000, signal });

  beforeEach(() => {
    cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-term-')));
    shell = new TerminalShell(new PersistentShell({ cwd, scratchDir: path.join(cwd, '.scratch') }), { reveal: false });
  });
  afterEach(() => {
    shell.dispose();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  const tandemTerminals = () => vscode.window.terminals.filter((t) => t.name === 'Tandem');

  it('returns the exact exit code and output, and mirrors into a "Tandem" terminal', async () => {
    const streamed: string[] = [];
    let mirrored = '';
    shell.onDidWriteTerminal((data) => (mirrored += data));
    const result = await shell.run('echo hi; exit 3', { timeoutMs: 30_000, signal: new AbortController().signal, onOutput: (c) => streamed.push(c) });
    assert.equal(result.exitCode, 3);
    assert.equal(result.output, 'hi\n');
    assert.equal(streamed.join(''), 'hi\n', 'output still streams to the caller');
    await waitFor('a Tandem terminal', () => tandemTerminals().length > 0);
    assert.ok(shell.terminal && tandemTerminals().includes(shell.terminal));
    // The terminal shows the command, its output with \r\n line ends, and the exit code.
    await waitFor('the mirrored run', () => mirrored.includes('[exit code 3]'));
    assert.match(mirrored, /^\x1b\[1m\$ echo hi; exit 3\x1b\[0m\r\nhi\r\n\x1b\[31m\[exit code 3\]\x1b\[0m\r\n$/, JSON.stringify(mirrored));
  });

  it('keeps the working directory across runs', async () => {
    await run('mkdir -p sub && cd sub');
    const second = await run('pwd');
    assert.equal(second.output.trim(), path.join(cwd, 'sub'));
    assert.equal(second.cwd, path.join(cwd, 'sub'));
  });

  it('offers background runs only when the inner shell does', async () => {
    const { id, outputFile } = await shell.runInBackground!('echo bg');
    assert.ok(id && outputFile);
    await waitFor('the background output', () => fs.existsSync(outputFile) && fs.readFileSync(outputFile, 'utf8') === 'bg\n');
    const plain = new TerminalShell({ run: () => Promise.reject(new Error('unused')), dispose: () => undefined }, { reveal: false });
    assert.equal(plain.runInBackground, undefined);
    plain.dispose();
  });

  it('stops a long command quickly when the run is aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const result = await run('sleep 30', controller.signal);
    assert.equal(result.interrupted, true);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('stops a long command when Ctrl+C is typed in the Tandem terminal', async () => {
    let mirrored = '';
    shell.onDidWriteTerminal((data) => (mirrored += data));
    const started = Date.now();
    const pending = run('printf partial; sleep 30');
    const terminal = await waitFor('the Tandem terminal', () => shell.terminal);
    // Output streams into the terminal while the command still runs.
    await waitFor('the streamed output', () => mirrored.includes('partial'));
    terminal.sendText('\x03', false);
    const result = await pending;
    assert.equal(result.interrupted, true);
    assert.match(mirrored, /\^C\r\n.*\[interrupted \(Ctrl\+C\)\]/, JSON.stringify(mirrored));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('opens a new terminal when the user closed it, and removes it on dispose', async () => {
    await run('true');
    const first = await waitFor('the Tandem terminal', () => shell.terminal);
    first.dispose();
    await waitFor('the closed terminal to be forgotten', () => shell.terminal === undefined);
    const again = await run('echo back');
    assert.equal(again.output, 'back\n');
    const second = await waitFor('a new Tandem terminal', () => shell.terminal);
    assert.notEqual(second, first);
    await waitFor('the new terminal in the window', () => vscode.window.terminals.includes(second));
    shell.dispose();
    await waitFor('the terminal to close on dispose', () => !vscode.window.terminals.includes(second));
  });
});

describe('Problems after an edit', () => {
  let file: string;
  afterEach(async () => {
    await closeEditorsDiscarding();
    if (file) fs.rmSync(file, { force: true });
  });

  it("reports the syntax error an edit introduced, from VS Code's JSON language service", async () => {
    file = path.join(folder(), 'config.json');
    fs.writeFileSync(file, '{ "a": 1 }\n');
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const before = currentErrors(uri);
    assert.deepEqual(before, [], 'a valid file has no errors');

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 8, 0, 8), ', "b": }');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The first check starts the JSON language server, which can take a few seconds.
    const report = await problemsReport(uri, before, 15_000);
    assert.match(report, /^New errors reported in the editor after this edit:\n/);
    assert.match(report, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+: .+ \\(json\\)`));
  });

  it('reports only problems that were not there before (a language service simulated by a DiagnosticCollection)', async () => {
    file = path.join(folder(), 'simulated.txt');
    fs.writeFileSync(file, 'one\ntwo\n');
    const uri = vscode.Uri.file(file);
    const collection = vscode.languages.createDiagnosticCollection('tandem-test');
    try {
      const old = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 3), 'old problem', vscode.DiagnosticSeverity.Error);
      old.source = 'sim';
      collection.set(uri, [old]);
      const before = currentErrors(uri);
      assert.equal(before.length, 1);

      const moved = new vscode.Diagnostic(new vscode.Range(1, 0, 1, 3), 'old problem', vscode.DiagnosticSeverity.Error);
      moved.source = 'sim';
      const fresh = new vscode.Diagnostic(new vscode.Range(1, 1, 1, 2), 'new\nproblem', vscode.DiagnosticSeverity.Error);
      fresh.source = 'sim';
      const warning = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'just a warning', vscode.DiagnosticSeverity.Warning);
      setTimeout(() => collection.set(uri, [moved, fresh, warning]), 100);
      const report = await problemsReport(uri, before, 5000);
      assert.equal(report, `New errors reported in the editor after this edit:\n${file}:2:2: new problem (sim)`);

      assert.deepEqual(await diagnosticsAfterEdit(uri, 200), [`${file}:2:1: old problem (sim)`, `${file}:2:2: new problem (sim)`]);
      assert.equal(newProblems(currentErrors(uri), currentErrors(uri)).length, 0);
      collection.set(uri, [moved]);
      assert.equal(await problemsReport(uri, before, 200), '', 'nothing new: empty report');
    } finally {
      collection.dispose();
    }
  });
});

describe('Workspace trust', () => {
  it('keeps the requested mode in a trusted workspace (the tests run with trust disabled, i.e. trusted)', () => {
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(effectivePermissionMode('acceptEdits'), 'acceptEdits');
    assert.equal(currentTrustNotice(), undefined);
  });

  it('falls back to plan mode with a notice when untrusted (trust passed in; no untrusted window here)', () => {
    assert.equal(effectivePermissionMode('acceptEdits', false), 'plan');
    assert.equal(effectivePermissionMode('bypassPermissions', false), 'plan');
    assert.equal(currentTrustNotice(false), trustNotice());
    assert.match(trustNotice(), /read-only/);
  });
});
