// Which lines an editor selection covers; the editor actions and the @selection mention agree on it.
import type * as vscode from 'vscode';

/**
 * The lines a selection covers. An empty selection is its line; a selection that ends at the start
 * of a line (whole lines selected with the mouse or Shift+Down) does not include that last line.
 */
export function selectedLines(range: vscode.Range): { start: number; end: number } {
  let end = range.end.line;
  if (end > range.start.line && range.end.character === 0) end -= 1;
  return { start: range.start.line, end };
}
