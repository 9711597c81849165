// Writing reviewed hunks into the workspace. Always through a WorkspaceEdit on the document (so
// the user can undo it), onto the text the user has now: an open, dirty buffer is the truth,
// otherwise the file on disk. When that text is no longer the one the edit was computed from,
// the hunks are re-based if that is certain; otherwise nothing is written.
import { diffLines } from 'diff';
import * as vscode from 'vscode';
import { ENCODING_NAMES, type FileEncoding } from '../../core/edits/encoding';
import { applyHunks } from '../../core/edits/hunks';
import { invertHunk, rebaseHunks } from '../../core/edits/rebase';
import { BOM, contentHash, decodeText, hasBom, stripBom, toLf } from '../../core/edits/text';
import type { EditProposal, Hunk } from '../../core/ports';
import { t } from '../l10n';

export type ApplyResult = { ok: true; finalContent: string } | { ok: false; reason: string };

/** How long to wait for an open, unmodified document to pick up a change made on disk. */
const SYNC_WAIT_MS = 2_000;

/** Applies the accepted hunks (indexes into proposal.hunks) and saves the file. */
export async function applyAccepted(proposal: EditProposal, accepted: number[]): Promise<ApplyResult> {
  const uri = vscode.Uri.file(proposal.absPath);
  if (proposal.oldContent === null) return createFile(uri, proposal.newContent);
  const current = await currentText(uri, proposal.encoding);
  if (!current.ok) return current;
  const { doc, text } = current;
  // VS Code drops a UTF-8 BOM from the buffer; the core's hash may include it.
  const base = contentHash(text) !== proposal.baseHash && contentHash(BOM + text) === proposal.baseHash ? BOM + text : text;
  let next: string;
  if (contentHash(base) === proposal.baseHash) {
    next = applyHunks(base, proposal.hunks, accepted);
  } else {
    const r = rebaseHunks(base, proposal.hunks, accepted);
    if (!r.ok) return { ok: false, reason: t('{0} changed after the edit was proposed and hunk {1} no longer fits ({2}).', proposal.absPath, r.hunk + 1, r.reason) };
    next = r.content;
  }
  await writeDocument(doc, next);
  return { ok: true, finalContent: savedContent(doc, base) };
}

/** Undoes one applied hunk, if its new lines are still in the file at exactly one place. */
export async function revertHunk(absPath: string, hunk: Hunk): Promise<ApplyResult> {
  const uri = vscode.Uri.file(absPath);
  const current = await currentText(uri);
  if (!current.ok) return current;
  const r = rebaseHunks(current.text, [invertHunk(hunk)], [0]);
  if (!r.ok) return { ok: false, reason: t('The change is no longer in {0} as it was applied ({1}), so it was not reverted.', absPath, r.reason) };
  await writeDocument(current.doc, r.content);
  return { ok: true, finalContent: savedContent(current.doc, current.text) };
}

async function createFile(uri: vscode.Uri, content: string): Promise<ApplyResult> {
  if (await exists(uri)) return { ok: false, reason: t('{0} was created by someone else after the edit was proposed; it was not overwritten.', uri.fsPath) };
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
  edit.insert(uri, new vscode.Position(0, 0), stripBom(content));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(t('VS Code refused to create {0}.', uri.fsPath));
  const doc = await vscode.workspace.openTextDocument(uri);
  await save(doc);
  return { ok: true, finalContent: content };
}

type Current = { ok: true; doc: vscode.TextDocument; text: string } | { ok: false; reason: string };

/** VS Code's names for the encodings the core detects; UTF-8 is left to VS Code (it knows the BOM). */
const VSCODE_ENCODING: Record<FileEncoding, string | undefined> = { utf8: undefined, utf16le: 'utf16le', utf16be: 'utf16be', windows1252: 'windows1252' };

/**
 * The text an edit must apply to now, and the document it is applied through. The document is
 * opened in the encoding the core read the file in, so saving it writes the same bytes back.
 */
async function currentText(uri: vscode.Uri, encoding: FileEncoding = 'utf8'): Promise<Current> {
  if (!(await exists(uri))) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.isDirty);
    if (!open) return { ok: false, reason: t('{0} no longer exists.', uri.fsPath) };
  }
  const vsEncoding = VSCODE_ENCODING[encoding];
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri, vsEncoding ? { encoding: vsEncoding } : undefined);
  } catch {
    // VS Code refuses to reopen a document with unsaved changes in another encoding.
    return { ok: false, reason: t('{0} has unsaved changes in another encoding; save or close it, then try again.', uri.fsPath) };
  }
  if (doc.isDirty) return { ok: true, doc, text: doc.getText() };
  const disk = decodeText(await vscode.workspace.fs.readFile(uri));
  // VS Code shows bytes it cannot read in this encoding as U+FFFD; saving would write that instead.
  if (doc.getText().includes('\uFFFD') && !disk.includes('\uFFFD')) {
    return { ok: false, reason: t('VS Code cannot read every byte of {0} as {1}, so saving it from the editor would change bytes the edit never touched; the edit was not applied.', uri.fsPath, ENCODING_NAMES[encoding]) };
  }
  // An unmodified document can lag behind a change on disk until VS Code's watcher reports it.
  const deadline = Date.now() + SYNC_WAIT_MS;
  while (!doc.isDirty && toLf(doc.getText()) !== toLf(disk)) {
    if (Date.now() > deadline) return { ok: false, reason: t("VS Code's copy of {0} differs from the file on disk; reopen it and try again.", uri.fsPath) };
    await new Promise((r) => setTimeout(r, 50));
  }
  return doc.isDirty ? { ok: true, doc, text: doc.getText() } : { ok: true, doc, text: disk };
}

/**
 * Changes the document to `to` with one WorkspaceEdit of line-level replacements (not one
 * whole-text replace), so the cursor, folding and markers elsewhere stay put, then saves.
 */
async function writeDocument(doc: vscode.TextDocument, to: string): Promise<void> {
  const source = doc.getText();
  // A document has one line ending; text made from a mixed-ending file on disk gets it too.
  const target = doc.eol === vscode.EndOfLine.CRLF ? toLf(to).replace(/\n/g, '\r\n') : toLf(to);
  const edits: vscode.TextEdit[] = [];
  let offset = 0;
  const changes = diffLines(source, target);
  for (let i = 0; i < changes.length; i++) {
    if (!changes[i].added && !changes[i].removed) {
      offset += changes[i].value.length;
      continue;
    }
    let removed = '';
    let added = '';
    for (; i < changes.length && (changes[i].added || changes[i].removed); i++) {
      if (changes[i].removed) removed += changes[i].value;
      else added += changes[i].value;
    }
    i--;
    edits.push(vscode.TextEdit.replace(new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + removed.length)), added));
    offset += removed.length;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(doc.uri, edits);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(t('VS Code refused the edit to {0}; the file was not changed.', doc.uri.fsPath));
  await save(doc);
}

/** What the file holds once saved, in the form the core reads it (with the BOM, if it has one). */
function savedContent(doc: vscode.TextDocument, base: string): string {
  return (hasBom(base) ? BOM : '') + doc.getText();
}

async function save(doc: vscode.TextDocument): Promise<void> {
  if (!(await doc.save())) throw new Error(t('The edit to {0} is in the editor but could not be saved; save it yourself or undo it.', doc.uri.fsPath));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
