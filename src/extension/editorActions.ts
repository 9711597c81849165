// Editor actions: Explain / Fix / Refactor… / Write Tests on the selection (or the current line),
// Add Selection to Chat, and the "Fix with Tandem" quick fix on diagnostics. Each message names the
// lines with an @selection(path:3-7) mention, which the chat resolves on send (mentions.ts) into a
// <context> section after the user's text: the model sees the lines without a Read, and the
// transcript shows the short message.
import * as vscode from 'vscode';
import { sanitizeForModel } from '../core/security/unicode';
import { selectionToken } from '../protocol/input';
import type { ChatController } from './chatController';
import { selectedLines } from './host/selection';
import { t } from './l10n';

export { selectedLines } from './host/selection';

/** Where the actions go: the chat the user worked in last (the side bar's or one in an editor tab). */
export interface ChatTarget {
  current(): ChatController;
  /** Brings that chat into view. */
  reveal(chat: ChatController): Promise<void>;
}

/** Above this the selection is cut (the model can Read the rest; the path and range say where). */
const MAX_CONTEXT_CHARS = 100_000;

export const EDITOR_COMMANDS = {
  addSelection: 'tandem.addSelectionToChat',
  explain: 'tandem.explainSelection',
  fix: 'tandem.fixSelection',
  refactor: 'tandem.refactorSelection',
  writeTests: 'tandem.writeTests',
} as const;

/** The code an action is about: whole lines of one document. Lines are 1-based and inclusive. */
export interface SelectionContext {
  /** Workspace-relative path (absolute outside the workspace; the title for an untitled file). */
  path: string;
  startLine: number;
  endLine: number;
  languageId: string;
  text: string;
  /** Problems VS Code reports on these lines (Fix only). */
  diagnostics?: vscode.Diagnostic[];
}

export function selectionContext(document: vscode.TextDocument, range: vscode.Range): SelectionContext {
  const { start, end } = selectedLines(range);
  const last = Math.min(end, document.lineCount - 1);
  const full = new vscode.Range(start, 0, last, document.lineAt(last).text.length);
  const path = document.isUntitled ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false);
  return { path, startLine: start + 1, endLine: last + 1, languageId: document.languageId, text: document.getText(full) };
}

/** "src/a.ts:3" or "src/a.ts:3-7": how the file and range are named everywhere. */
export function where(ctx: SelectionContext): string {
  return ctx.startLine === ctx.endLine ? `${ctx.path}:${ctx.startLine}` : `${ctx.path}:${ctx.startLine}-${ctx.endLine}`;
}

/** The problems on lines start..end (0-based, inclusive) of a document. */
export function diagnosticsOn(uri: vscode.Uri, start: number, end: number): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.range.start.line <= end && d.range.end.line >= start);
}

const SEVERITY: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function describeDiagnostic(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  const source = [d.source, code].filter((x) => x !== undefined && x !== '').join(' ');
  return `- line ${d.range.start.line + 1}, ${SEVERITY[d.severity]}: ${d.message}${source ? ` [${source}]` : ''}`;
}

/**
 * The selected lines as a block the model cannot mistake for the user's words; used in the message
 * itself only for a path a mention cannot spell (one with a parenthesis or a line break).
 */
export function contextBlock(ctx: SelectionContext): string {
  const cut = ctx.text.length > MAX_CONTEXT_CHARS;
  const body = cut ? `${ctx.text.slice(0, MAX_CONTEXT_CHARS)}\n… (cut at ${MAX_CONTEXT_CHARS} of ${ctx.text.length} characters; Read the file for the rest)` : ctx.text;
  return `<context type="selection" path="${ctx.path.replace(/"/g, '')}" lines="${ctx.startLine}-${ctx.endLine}" language="${ctx.languageId}">\n${sanitizeForModel(body, `the selection in ${ctx.path}`)}\n</context>`;
}

/** Whether the mention syntax can name this path (its closing parenthesis ends the path). */
function mentionable(path: string): boolean {
  return !/[()\n]/.test(path);
}

export type EditorAction = 'explain' | 'fix' | 'refactor' | 'writeTests';

/** The user message an action sends: what to do, on which lines (a mention), and for Fix the problems. */
export function actionPrompt(action: EditorAction, ctx: SelectionContext, instruction = ''): string {
  const mention = mentionable(ctx.path);
  const at = mention ? selectionMention(ctx) : where(ctx);
  const parts: string[] = [];
  switch (action) {
    case 'explain':
      parts.push(t('Explain the code at {0}: what it does, how, and anything surprising.', at));
      break;
    case 'fix': {
      parts.push(t('Fix the problems in the code at {0}.', at));
      const diags = ctx.diagnostics ?? [];
      // Messages come from language servers and linters: data, cleaned like any other.
      const list = sanitizeForModel(diags.map(describeDiagnostic).join('\n'), 'the diagnostics');
      parts.push(diags.length ? `${t('VS Code reports these problems there:')}\n${list}` : t('VS Code reports no problems there; look for bugs.'));
      break;
    }
    case 'refactor':
      parts.push(t('Refactor the code at {0}: {1}', at, instruction));
      break;
    case 'writeTests':
      parts.push(t("Write tests for the code at {0}. Use the project's test framework and conventions, and put the tests where this project keeps its tests.", at));
      break;
  }
  if (!mention) parts.push(contextBlock(ctx));
  return parts.join('\n\n');
}

/** The mention Add Selection to Chat puts into the input: "@selection(src/a.ts:3-7)" (the token the @-picker writes). */
export function selectionMention(ctx: SelectionContext): string {
  return `@${selectionToken(ctx.path, ctx.startLine, ctx.endLine)}`;
}

function asUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  const o = v as { scheme?: unknown; path?: unknown } | null;
  return typeof o === 'object' && o !== null && typeof o.scheme === 'string' && typeof o.path === 'string' ? vscode.Uri.from(o as vscode.Uri) : undefined;
}

/** A Range, or one that lost its class on the way through the command service (JSON: [start, end]). */
function asRange(v: unknown): vscode.Range | undefined {
  if (v instanceof vscode.Range) return v;
  const pos = (p: unknown) => {
    const o = p as { line?: unknown; character?: unknown } | null;
    return typeof o === 'object' && o !== null && typeof o.line === 'number' && typeof o.character === 'number' ? new vscode.Position(o.line, o.character) : undefined;
  };
  const [a, b] = Array.isArray(v) ? v : [(v as { start?: unknown } | null)?.start, (v as { end?: unknown } | null)?.end];
  const s = pos(a);
  const e = pos(b);
  return s && e ? new vscode.Range(s, e) : undefined;
}

/**
 * What a command works on. From the quick fix: (uri, range). From the editor's context menu VS Code
 * passes the document's uri. From the palette or a keybinding: nothing, so the active editor.
 */
async function targetOf(uriArg: unknown, rangeArg: unknown): Promise<{ document: vscode.TextDocument; range: vscode.Range } | undefined> {
  const uri = asUri(uriArg);
  const range = asRange(rangeArg);
  if (uri && range) return { document: await vscode.workspace.openTextDocument(uri), range };
  const editor = uri
    ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())
    : vscode.window.activeTextEditor;
  if (editor) return { document: editor.document, range: editor.selection };
  if (uri) return { document: await vscode.workspace.openTextDocument(uri), range: new vscode.Range(0, 0, 0, 0) };
  void vscode.window.showInformationMessage(t('Tandem: open a file and select the code first (or place the cursor on a line).'));
  return undefined;
}

/** Sends one action's message as a new turn in the chat, with the chat in view (queued behind a running turn). */
async function runAction(chats: ChatTarget, action: EditorAction, uriArg: unknown, rangeArg: unknown, instructionArg?: unknown): Promise<void> {
  const target = await targetOf(uriArg, rangeArg);
  if (!target) return;
  const ctx = selectionContext(target.document, target.range);
  if (action === 'fix') ctx.diagnostics = diagnosticsOn(target.document.uri, ctx.startLine - 1, ctx.endLine - 1);
  let instruction = typeof instructionArg === 'string' ? instructionArg.trim() : '';
  if (action === 'refactor' && !instruction) {
    instruction =
      (
        await vscode.window.showInputBox({
          title: t('Tandem: Refactor {0}', where(ctx)),
          prompt: t('What should change? For example: extract a function, use async/await, simplify the conditions.'),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : t('Say what to do with the code.')),
        })
      )?.trim() ?? '';
    if (!instruction) return;
  }
  const chat = chats.current();
  await chats.reveal(chat);
  await chat.send(actionPrompt(action, ctx, instruction));
}

/** Offers "Fix with Tandem" on every diagnostic under the cursor or in the selection. */
export class FixWithTandemProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diags = context.diagnostics;
    return diags.map((d) => {
      // With several problems here, each action says which one it is about.
      const title = diags.length > 1 ? t('Fix with Tandem: {0}', d.message.split('\n')[0].slice(0, 80)) : t('Fix with Tandem');
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.command = { command: EDITOR_COMMANDS.fix, title, arguments: [document.uri, d.range] };
      return action;
    });
  }
}

export function registerEditorActions(chats: ChatTarget): vscode.Disposable[] {
  const action = (a: EditorAction) => (uri?: unknown, range?: unknown, instruction?: unknown) => runAction(chats, a, uri, range, instruction);
  /** The input of the current chat, in view: focused, with a mention inserted when given. */
  const toInput = async (request: Parameters<ChatController['toInput']>[0]) => {
    const chat = chats.current();
    await chats.reveal(chat);
    chat.toInput(request);
  };
  return [
    vscode.commands.registerCommand(EDITOR_COMMANDS.explain, action('explain')),
    vscode.commands.registerCommand(EDITOR_COMMANDS.fix, action('fix')),
    vscode.commands.registerCommand(EDITOR_COMMANDS.refactor, action('refactor')),
    vscode.commands.registerCommand(EDITOR_COMMANDS.writeTests, action('writeTests')),
    vscode.commands.registerCommand(EDITOR_COMMANDS.addSelection, async (uri?: unknown, range?: unknown) => {
      const target = await targetOf(uri, range);
      if (target) await toInput({ type: 'insertMention', text: selectionMention(selectionContext(target.document, target.range)) });
    }),
    vscode.commands.registerCommand('tandem.focusChatInput', () => toInput({ type: 'focusInput' })),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new FixWithTandemProvider(), {
      providedCodeActionKinds: FixWithTandemProvider.kinds,
    }),
  ];
}
