// Problems an accepted edit introduced, in words the model can act on. After the review applies an
// edit, the language services (TypeScript, JSON, ...) re-check the file and publish diagnostics a
// moment later; the errors that were not there before are told to the model with the tool result.
import * as vscode from 'vscode';

/** How long to wait for a language service to re-check an edited file. */
export const DEFAULT_DIAGNOSTICS_TIMEOUT_MS = 1500;

/** After the first update, further updates within this quiet period are waited for (syntax, then semantics). */
const SETTLE_MS = 150;

/** Lines of problems told to the model at most; the rest are counted. */
const MAX_REPORTED = 20;

/** The file's Error-severity diagnostics now (take this before applying an edit, as problemsReport's `before`). */
export function currentErrors(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

/**
 * Waits up to timeoutMs for the diagnostics of `uri` to change (an edit was just made), then a short
 * quiet period for follow-up updates, and returns the file's Error-severity diagnostics. A file whose
 * diagnostics do not change (no language service, or the update came before this was called) costs
 * the full timeout and returns what is there.
 */
export async function waitForErrors(uri: vscode.Uri, timeoutMs = DEFAULT_DIAGNOSTICS_TIMEOUT_MS): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  await new Promise<void>((resolve) => {
    let settle: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(deadline);
      clearTimeout(settle);
      sub.dispose();
      resolve();
    };
    const deadline = setTimeout(finish, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === key)) return;
      clearTimeout(settle);
      settle = setTimeout(finish, SETTLE_MS);
    });
  });
  return currentErrors(uri);
}

/** waitForErrors as text lines, "path:line:col: message (source)". */
export async function diagnosticsAfterEdit(uri: vscode.Uri, timeoutMs = DEFAULT_DIAGNOSTICS_TIMEOUT_MS): Promise<string[]> {
  return (await waitForErrors(uri, timeoutMs)).map((d) => formatDiagnostic(uri, d));
}

/**
 * Diagnostics in `after` that were not in `before`. Compared by message, source and code, not by
 * position: an edit above an old error moves it, and a moved error is not new. Each old one cancels
 * one new one with the same text, so a second copy of an existing error still counts as new.
 */
export function newProblems(before: readonly vscode.Diagnostic[], after: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  const old = new Map<string, number>();
  for (const d of before) old.set(identity(d), (old.get(identity(d)) ?? 0) + 1);
  return after.filter((d) => {
    const left = old.get(identity(d)) ?? 0;
    if (left === 0) return true;
    old.set(identity(d), left - 1);
    return false;
  });
}

/** "path:line:col: message (source)", 1-based, with a multi-line message joined onto one line. */
export function formatDiagnostic(uri: vscode.Uri, d: vscode.Diagnostic): string {
  const where = `${uri.scheme === 'file' ? uri.fsPath : uri.toString()}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  const message = d.message.replace(/\s*\n\s*/g, ' ').trim();
  return `${where}: ${message}${d.source ? ` (${d.source})` : ''}`;
}

/**
 * What to append to an accepted edit's tool result: the errors the edit introduced, or '' when
 * there are none (or no language service answered within timeoutMs). `before` is currentErrors(uri)
 * taken before the edit was applied.
 */
export async function problemsReport(
  uri: vscode.Uri,
  before: readonly vscode.Diagnostic[],
  timeoutMs = DEFAULT_DIAGNOSTICS_TIMEOUT_MS,
): Promise<string> {
  const fresh = newProblems(before, await waitForErrors(uri, timeoutMs));
  if (fresh.length === 0) return '';
  const lines = fresh.slice(0, MAX_REPORTED).map((d) => formatDiagnostic(uri, d));
  if (fresh.length > MAX_REPORTED) lines.push(`... and ${fresh.length - MAX_REPORTED} more`);
  return `New errors reported in the editor after this edit:\n${lines.join('\n')}`;
}

function identity(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return JSON.stringify([d.severity, d.source ?? '', code ?? '', d.message]);
}
