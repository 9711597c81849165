/**
 * Copies text to the clipboard. The async Clipboard API is allowed in VS Code's webview frame;
 * where it is not (an older host, a browser that denies it), a selected off-screen textarea and
 * execCommand('copy') still work from a click. Returns whether either succeeded.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Fall through to the older way.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.readOnly = true;
  area.className = 'clipboard-fallback';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
