// The webview's localized strings. The host sends VS Code's l10n bundle for the display language
// (English text → translation; empty in English) in an 'l10n' message before the setup state; t()
// looks each string up there, so the keys are the same English strings the host's vscode.l10n.t uses.

import { fillPlaceholders } from '../../src/protocol/format';

let bundle: Readonly<Record<string, string>> = {};

export function setL10nBundle(next: Record<string, string>): void {
  bundle = next;
}

/** A string in the user's language; {0}, {1}… are replaced by args, as vscode.l10n.t does. */
export function t(message: string, ...args: (string | number)[]): string {
  const template = Object.prototype.hasOwnProperty.call(bundle, message) ? bundle[message] : message;
  return fillPlaceholders(template, args);
}
