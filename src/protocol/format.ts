// Message templates as vscode.l10n.t formats them: {0}, {1}… replaced by the arguments; a
// placeholder without an argument stays as written. Shared by the webview's t() and the host's
// English fallback (uiEvents.ts), so both fill templates the way VS Code does.

export function fillPlaceholders(template: string, args: readonly (string | number | boolean)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
}
