// "Insert at cursor" from a code block in the chat: the text goes where the user's cursor is.
import * as vscode from 'vscode';
import { t } from './l10n';

/**
 * The editor the user last typed in. Focus is in the chat view when they click Insert, but VS Code
 * keeps the last text editor active while a side-bar view has focus; failing that, the only
 * visible file editor is the obvious target.
 */
function targetEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active) return active;
  const visible = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled');
  return visible.length === 1 ? visible[0] : undefined;
}

/**
 * Puts `text` at every cursor of the active editor, replacing what is selected, as one undoable
 * edit; then gives the editor focus so the user can go on typing. With no editor open it says
 * what to do instead. Returns whether the text went in.
 */
export async function insertAtCursor(text: string): Promise<boolean> {
  const editor = targetEditor();
  if (!editor) {
    void vscode.window.showInformationMessage(t('Tandem: open a file and place the cursor where the code should go, then click Insert again.'));
    return false;
  }
  if (editor.document.isClosed) {
    void vscode.window.showInformationMessage(t('Tandem: that editor was closed. Open the file again and click Insert.'));
    return false;
  }
  const applied = await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, text);
  });
  if (!applied) {
    void vscode.window.showWarningMessage(t('Tandem could not insert the code into {0}: the editor refused the edit (is it read-only?).', vscode.workspace.asRelativePath(editor.document.uri)));
    return false;
  }
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  return true;
}
