// Editor actions (Explain / Fix / Refactor… / Write Tests / Add Selection to Chat), the "Fix with
// Tandem" quick fix, the focus-input keybinding, and attention notifications, in a real VS Code.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Attention } from '../../../src/extension/attention';
import type { AttentionDeps } from '../../../src/extension/attention';
import type { ChatController } from '../../../src/extension/chatController';
import type { TandemApi } from '../../../src/extension/extension';
import type { HostToWebview, UiEvent } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, EXTENSION_ID, waitFor } from './util';

const CODE = ['def add(a, b):', '    total = a + b', '    print(total)', '    return total', '', 'print(add(1, 2))', ''].join('\n');

describe('Editor actions', () => {
  let api: TandemApi;
  let chat: ChatController;
  let llm: FakeLlm;
  let posted: HostToWebview[];
  let uri: vscode.Uri;
  let editor: vscode.TextEditor;
  let diagnostics: vscode.DiagnosticCollection;

  /** The first user message of the last request (each test starts a new chat): its text, then the attached context. */
  const lastPrompt = (): string => {
    const msg = llm.requests[llm.requests.length - 1].body.messages[0];
    return msg.content.map((b: { text?: string }) => b.text ?? '').join('\n');
  };
  /** What the transcript shows as the user's message. */
  const shownUserText = (): string | undefined => {
    for (const m of posted) if (m.type === 'event' && m.event.type === 'user_message') return m.event.text;
    return undefined;
  };

  before(async () => {
    api = await activateTandem();
    chat = api.chat;
    llm = await startFakeLlm();
    await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-editor-actions', baseUrl: llm.anthropicBaseUrl });
    await waitFor('the base URL setting', () => vscode.workspace.getConfiguration('tandem').get('baseUrl') === llm.anthropicBaseUrl);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(join(folder, 'calc.py'), CODE);
    uri = vscode.Uri.file(join(folder, 'calc.py'));
    // Resolve the chat view once, so later focus commands do not replace the test's sink with it.
    await vscode.commands.executeCommand('tandem.focusChat');
    await new Promise((r) => setTimeout(r, 500));
    diagnostics = vscode.languages.createDiagnosticCollection('editor-actions-test');
  });
  after(async () => {
    diagnostics.dispose();
    chat.attach(undefined);
    chat.newChat();
    await llm.close();
  });
  beforeEach(async () => {
    // The actions go to the chat used last; earlier suites may have left an editor-tab chat focused.
    api.chats.focus(chat);
    chat.newChat();
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
    editor = await vscode.window.showTextDocument(uri, { preview: false });
  });

  /** Selects lines first..last (1-based) the way a mouse drag to the start of the next line does. */
  const selectLines = (first: number, last: number) => {
    editor.selection = new vscode.Selection(first - 1, 0, last, 0);
  };

  it('Explain Selection sends the file, the line range and exactly the selected lines', async () => {
    llm.push({ content: [{ type: 'text', text: 'It adds.' }] });
    selectLines(2, 4);
    await vscode.commands.executeCommand('tandem.explainSelection');
    const prompt = lastPrompt();
    assert.match(prompt, /^Explain the code at @selection\(calc\.py:2-4\): /);
    assert.ok(prompt.includes('<context type="selection" path="calc.py" lines="2-4" language="python">\n    total = a + b\n    print(total)\n    return total\n</context>'), prompt);
    assert.ok(!prompt.includes('def add') && !prompt.includes('add(1, 2)'), 'lines outside the selection are not sent');
    assert.equal(shownUserText(), 'Explain the code at @selection(calc.py:2-4): what it does, how, and anything surprising.', 'the transcript shows the short message');
    assert.ok(posted.some((m) => m.type === 'event' && m.event.type === 'text_delta'), 'the turn streamed into the chat');
  });

  it('with nothing selected, an action works on the current line', async () => {
    llm.push({ content: [{ type: 'text', text: 'Tests.' }] });
    editor.selection = new vscode.Selection(5, 3, 5, 3);
    await vscode.commands.executeCommand('tandem.writeTests');
    const prompt = lastPrompt();
    assert.match(prompt, /^Write tests for the code at @selection\(calc\.py:6\)\. /);
    assert.ok(prompt.includes('lines="6-6" language="python">\nprint(add(1, 2))\n</context>'), prompt);
  });

  it('Fix Selection carries the problems VS Code reports on those lines, and only those', async () => {
    const shadowed = new vscode.Diagnostic(new vscode.Range(2, 4, 2, 9), "Name 'print' is shadowed", vscode.DiagnosticSeverity.Warning);
    shadowed.source = 'pylint';
    shadowed.code = 'W0622';
    diagnostics.set(uri, [shadowed, new vscode.Diagnostic(new vscode.Range(5, 0, 5, 5), 'outside the selection', vscode.DiagnosticSeverity.Error)]);
    llm.push({ content: [{ type: 'text', text: 'Fixed.' }] });
    selectLines(2, 4);
    await vscode.commands.executeCommand('tandem.fixSelection');
    const prompt = lastPrompt();
    assert.match(prompt, /^Fix the problems in the code at @selection\(calc\.py:2-4\)\./);
    assert.ok(prompt.includes("- line 3, warning: Name 'print' is shadowed [pylint W0622]"), prompt);
    assert.ok(!prompt.includes('outside the selection'));
    assert.ok(prompt.includes('    print(total)'));
    diagnostics.clear();
  });

  it('offers "Fix with Tandem" on a diagnostic, and the quick fix sends that diagnostic and its lines', async () => {
    const range = new vscode.Range(5, 0, 5, 16);
    diagnostics.set(uri, [new vscode.Diagnostic(range, 'add is called with constants', vscode.DiagnosticSeverity.Error)]);
    const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    const fix = offered.find((a) => a.title === 'Fix with Tandem');
    assert.ok(fix, `offered: ${offered.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.command?.command, 'tandem.fixSelection');
    llm.push({ content: [{ type: 'text', text: 'Fixed it.' }] });
    editor.selection = new vscode.Selection(0, 0, 0, 0); // the quick fix names its own range
    await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
    const prompt = lastPrompt();
    assert.match(prompt, /^Fix the problems in the code at @selection\(calc\.py:6\)\./);
    assert.ok(prompt.includes('- line 6, error: add is called with constants'), prompt);
    assert.ok(prompt.includes('\nprint(add(1, 2))\n</context>'));
    assert.ok(!prompt.includes('def add'));
    diagnostics.clear();
  });

  it('Refactor Selection sends what the user asked for with the lines', async () => {
    llm.push({ content: [{ type: 'text', text: 'Refactored.' }] });
    selectLines(1, 4);
    // The instruction normally comes from an input box; the command also takes it as an argument.
    await vscode.commands.executeCommand('tandem.refactorSelection', uri, undefined, 'drop the print call');
    const prompt = lastPrompt();
    assert.match(prompt, /^Refactor the code at @selection\(calc\.py:1-4\): drop the print call/);
    assert.ok(prompt.includes('def add(a, b):\n    total = a + b'));
  });

  it('a file whose name a mention cannot spell gets its lines inline in the message', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(join(folder, 'odd(1).py'), 'x = 1\ny = 2\n');
    editor = await vscode.window.showTextDocument(vscode.Uri.file(join(folder, 'odd(1).py')));
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    llm.push({ content: [{ type: 'text', text: 'y is 2.' }] });
    await vscode.commands.executeCommand('tandem.explainSelection');
    const prompt = lastPrompt();
    assert.match(prompt, /^Explain the code at odd\(1\)\.py:2: /);
    assert.ok(prompt.includes('<context type="selection" path="odd(1).py" lines="2-2" language="python">\ny = 2\n</context>'), prompt);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Add Selection to Chat puts a mention at the input without starting a turn', async () => {
    const before = llm.requests.length;
    selectLines(2, 3);
    await vscode.commands.executeCommand('tandem.addSelectionToChat');
    const insert = posted.find((m) => m.type === 'insertMention');
    assert.ok(insert && insert.type === 'insertMention', JSON.stringify(posted));
    assert.equal(insert.text, '@selection(calc.py:2-3)');
    assert.equal(llm.requests.length, before, 'nothing was sent to the model');
  });

  it('Focus Chat Input asks the view to focus its input, again once it (re)loads, and the view gets its l10n bundle first', async () => {
    await vscode.commands.executeCommand('tandem.focusChatInput');
    const focus = posted.find((m) => m.type === 'focusInput');
    assert.ok(focus && focus.type === 'focusInput');
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
    await chat.receive({ type: 'ready' });
    assert.equal(posted[0]?.type, 'l10n', 'the bundle comes before the setup state');
    assert.deepEqual((posted[0] as { bundle: unknown }).bundle, {}, 'English: an empty bundle');
    const replay = posted.find((m) => m.type === 'focusInput');
    assert.deepEqual(replay, focus, 'the same request (same id) is replayed to a view that just loaded');
    posted = [];
    await chat.receive({ type: 'ready' });
    assert.ok(!posted.some((m) => m.type === 'focusInput'), 'replayed once only');
  });

  it('contributes the commands to a Tandem submenu of the editor context menu, and a keybinding VS Code does not use', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: {
        menus: Record<string, { command?: string; submenu?: string; group?: string; when?: string }[]>;
        keybindings: { command: string; key: string; mac?: string }[];
      };
    };
    // A submenu: VS Code's own Chat has an "Add Selection to Chat" item in the same menu.
    assert.deepEqual(pkg.contributes.menus['editor/context'], [{ submenu: 'tandem.editorContext', when: 'editorTextFocus', group: 'tandem@1' }]);
    const context = pkg.contributes.menus['tandem.editorContext'];
    assert.ok(context.every((m) => m.when === 'editorTextFocus'));
    assert.deepEqual(
      context.map((m) => [m.command, m.group]),
      [
        ['tandem.addSelectionToChat', 'tandem@1'],
        ['tandem.explainSelection', 'tandem@2'],
        ['tandem.fixSelection', 'tandem@3'],
        ['tandem.refactorSelection', 'tandem@4'],
        ['tandem.writeTests', 'tandem@5'],
      ],
    );
    const all = await vscode.commands.getCommands(true);
    for (const c of [...context.map((m) => m.command!), 'tandem.focusChatInput']) assert.ok(all.includes(c), `${c} is registered`);
    const binding = pkg.contributes.keybindings.find((k) => k.command === 'tandem.focusChatInput');
    assert.ok(binding);
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const defaults = await waitFor('the default keybindings document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'vscode' && /keybindings\.json$/.test(d.uri.path)));
    // The file lists every registered binding, Tandem's own too: those are not a clash.
    const others = [...defaults.getText().matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)].filter((m) => !m[2].startsWith('tandem.'));
    const taken = new Map<string, string[]>();
    for (const [, key, command] of others) taken.set(key, [...(taken.get(key) ?? []), command]);
    assert.ok(taken.size > 100, `read the default keybindings (${taken.size})`);
    assert.ok(taken.get('ctrl+alt+i')?.includes('workbench.action.chat.open'), 'Ctrl+Alt+I is Chat, as the check expects');
    assert.deepEqual(taken.get(binding.key), undefined, `${binding.key} is not bound by VS Code`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The titles come from package.nls.json.
    const nls = JSON.parse(readFileSync(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    assert.equal(nls['tandem.explainSelection.title'], 'Explain Selection');
  });
});

describe('Attention notifications', () => {
  /** A stand-in for the chat's events, and a notifier that records what it would show. */
  function harness(over: Partial<AttentionDeps> = {}) {
    const emitted = new vscode.EventEmitter<UiEvent>();
    const ended = new vscode.EventEmitter<{ durationMs: number; stopped: boolean }>();
    const shown: string[] = [];
    let showed = 0;
    let answer: string | undefined;
    const deps: AttentionDeps = {
      isChatVisible: () => false,
      isWindowFocused: () => false,
      notify: async (message, action) => {
        shown.push(message);
        return answer === undefined ? undefined : action;
      },
      showChat: async () => void showed++,
      longTurnMs: 20_000,
      ...over,
    };
    const attention = new Attention({ onDidEmit: emitted.event, onDidEndTurn: ended.event }, deps);
    return {
      emitted,
      ended,
      shown,
      showed: () => showed,
      clickShow: () => void (answer = 'Show'),
      dispose: () => {
        attention.dispose();
        emitted.dispose();
        ended.dispose();
      },
    };
  }
  const approval = (id: string): UiEvent => ({ type: 'approval', id, toolName: 'Bash', summary: 'rm x', reason: 'asks', suggestions: [] });
  const proposal = (id: string, autoApplied: boolean): UiEvent => ({
    type: 'proposal',
    id,
    toolUseId: 'tu',
    toolName: 'Edit',
    path: 'src/a.ts',
    isNew: false,
    hunks: [],
    hunkStates: [],
    status: 'pending',
    autoApplied,
  });
  const tick = () => new Promise((r) => setTimeout(r, 10));

  it('notifies once per question while the chat is hidden; Show brings the chat up', async () => {
    const h = harness();
    h.clickShow();
    h.emitted.fire(approval('ap-1'));
    h.emitted.fire(approval('ap-1'));
    await tick();
    assert.deepEqual(h.shown, ['Tandem needs your approval to run Bash.']);
    assert.equal(h.showed(), 1);
    h.dispose();
  });

  it('stays quiet while the chat is visible, and for edits applied without review', async () => {
    const h = harness({ isChatVisible: () => true });
    h.emitted.fire(approval('ap-2'));
    h.emitted.fire(proposal('p-1', false));
    await tick();
    assert.deepEqual(h.shown, []);
    h.dispose();
    const hidden = harness();
    hidden.emitted.fire(proposal('p-2', true));
    hidden.emitted.fire(proposal('p-3', false));
    hidden.emitted.fire({ type: 'text_delta', id: 'a', text: 'x' });
    await tick();
    assert.deepEqual(hidden.shown, ['Tandem proposes an edit to src/a.ts and waits for your review.']);
    assert.equal(hidden.showed(), 0, 'nothing happens unless Show is clicked');
    hidden.dispose();
  });

  it('tells about a long turn that ended while the window was in the background, and only then', async () => {
    let focused = true;
    const h = harness({ isWindowFocused: () => focused });
    h.ended.fire({ durationMs: 25_000, stopped: false });
    focused = false;
    h.ended.fire({ durationMs: 5_000, stopped: false });
    h.ended.fire({ durationMs: 25_000, stopped: true });
    await tick();
    assert.deepEqual(h.shown, [], 'focused, short, or stopped by the user: no notification');
    h.ended.fire({ durationMs: 31_400, stopped: false });
    await tick();
    assert.deepEqual(h.shown, ['Tandem finished (the reply took 31 s).']);
    h.dispose();
  });

  it("follows the real chat's events: a pending approval and the end of the turn", async () => {
    const chat = (await activateTandem()).chat;
    const llm = await startFakeLlm();
    try {
      await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-attention', baseUrl: llm.anthropicBaseUrl });
      await waitFor('the base URL setting', () => vscode.workspace.getConfiguration('tandem').get('baseUrl') === llm.anthropicBaseUrl);
      chat.newChat();
      const events: UiEvent[] = [];
      chat.attach({ post: (m) => void (m.type === 'event' && events.push(m.event)) });
      const shown: string[] = [];
      const attention = new Attention(chat, {
        isChatVisible: () => false,
        isWindowFocused: () => false,
        notify: async (message) => void shown.push(message),
        showChat: async () => undefined,
        longTurnMs: 0,
      });
      llm.push({ content: [{ type: 'tool_use', id: 'tu_att', name: 'Bash', input: { command: 'touch attention.txt' } }] }, { content: [{ type: 'text', text: 'OK.' }] });
      const done = chat.receive({ type: 'send', text: 'touch a file' });
      const ask = await waitFor('the approval', () => events.find((e) => e.type === 'approval'));
      await waitFor('the approval notification', () => shown.length === 1);
      assert.equal(shown[0], 'Tandem needs your approval to run Bash.');
      await chat.receive({ type: 'approve', approvalId: ask.id, decision: 'deny' });
      await done;
      await waitFor('the finished notification', () => shown.length === 2);
      assert.match(shown[1], /^Tandem finished \(the reply took \d+ s\)\.$/);
      attention.dispose();
    } finally {
      chat.attach(undefined);
      chat.newChat();
      await llm.close();
    }
  });
});
