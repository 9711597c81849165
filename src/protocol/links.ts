// Which links from model text (replies, tool output) the chat panel may offer. Only web and mail
// links; everything else (command:, file:, vscode:, javascript:, data:, relative paths) is shown
// as plain text. A link the panel offers is opened by the host through VS Code, which asks before
// opening an untrusted domain; the panel never navigates itself. Shared by the webview (rendering)
// and the host (it re-checks every openLink message: the webview is untrusted).

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
export const MAX_LINK_CHARS = 8192;

/** The normalized target of a link the panel may offer, or undefined when it must stay text. */
export function linkTarget(href: string | undefined | null): string | undefined {
  if (!href || href.length > MAX_LINK_CHARS) return undefined;
  let url: URL;
  try {
    // No base: a relative link (no scheme) fails to parse and stays text.
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  // Credentials in a link (https://user:pass@host) hide where it really goes.
  if (url.username || url.password) return undefined;
  return url.href;
}
