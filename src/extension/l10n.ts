// Localization on the host side. Strings go through vscode.l10n.t, keyed by their English text
// (what @vscode/l10n-dev extracts into l10n/bundle.l10n.json); the chat webview cannot call the
// API, so the host sends it the same bundle and the webview's t() (webview-ui/src/l10n.ts) looks
// its strings up there.
import * as vscode from 'vscode';

/** A message in the user's display language; {0}, {1}… are replaced by args. */
export function t(message: string, ...args: (string | number | boolean)[]): string {
  return vscode.l10n.t(message, ...args);
}

/**
 * The translations for the webview: English text → translated text. Empty in English (VS Code has
 * no bundle then) and whenever the extension ships none for the display language.
 */
export function webviewBundle(): Record<string, string> {
  const bundle = vscode.l10n.bundle;
  if (!bundle) return {};
  // Entries can carry a translator comment ({ message, comment }); the webview needs the text only.
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(bundle as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') out[key] = (value as { message: string }).message;
  }
  return out;
}
