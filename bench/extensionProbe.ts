// What bench/extension injects into every frame of the workbench page (Playwright's init script,
// which runs before a document's own scripts and is not subject to the webview's CSP). In the top
// page it only notes the navigation start; in the Tandem chat frame (the one that gets a #root) it
// notes, on each animation frame, when the panel first shows content, when the transcript's last
// message is visible, when the empty chat shows, when the input is there, and when a keystroke in
// the input is accepted and painted. Times are epoch milliseconds (the same clock in every frame).
import { LAST_MESSAGE_MARKER } from './extensionSession';

export interface FrameMarks {
  /** The frame's document was created (the init script ran). */
  frameStart?: number;
  /** The webview wrote the extension's page into the frame (document.close). */
  written?: number;
  /** First animation frame in which #root had content. */
  firstContent?: number;
  /** First animation frame in which the last message of the restored session was in view. */
  lastMessage?: number;
  /** First animation frame in which the empty chat's placeholder showed. */
  emptyState?: number;
  /** First animation frame in which the prompt input was in the DOM and enabled. */
  inputReady?: number;
  /** The input event of the bench's keystroke. */
  keyInput?: number;
  /** The animation frame after that input event. */
  keyPainted?: number;
  /** Set by the bench once it has read the marks: the probe stops watching (its per-frame checks load the machine). */
  stop?: boolean;
}

export const PROBE = `(() => {
  const marks = (window.__benchMarks = { frameStart: Date.now() });
  if (window.top === window) return;
  const MARKER = ${JSON.stringify(LAST_MESSAGE_MARKER)};
  const stopAt = Date.now() + 180000;
  const inView = (el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
  };
  // The webview writes the extension's page into this frame with document.open/write/close, which
  // drops the listeners and animation-frame callbacks registered so far: start (again) after close.
  let generation = 0;
  const start = () => {
    const mine = ++generation;
    document.addEventListener('input', (e) => {
      const el = e.target;
      if (marks.keyInput !== undefined || !el || el.getAttribute('data-testid') !== 'prompt-input') return;
      marks.keyInput = Date.now();
      requestAnimationFrame(() => { marks.keyPainted = Date.now(); });
    }, true);
    const tick = () => {
      if (mine !== generation) return;
      const now = Date.now();
      const root = document.getElementById('root');
      if (root) {
        if (marks.firstContent === undefined && root.childElementCount > 0) marks.firstContent = now;
        if (marks.lastMessage === undefined) {
          const hit = document.evaluate('//*[contains(text(), ' + JSON.stringify(MARKER) + ')]', root, null, 9, null).singleNodeValue;
          if (hit && inView(hit)) marks.lastMessage = now;
        }
        if (marks.emptyState === undefined) {
          const empty = document.querySelector('[data-testid="empty-state"]');
          if (empty && inView(empty)) marks.emptyState = now;
        }
        if (marks.inputReady === undefined) {
          const input = document.querySelector('[data-testid="prompt-input"]');
          if (input && !input.disabled) marks.inputReady = now;
        }
      }
      // The restored chat may show the empty chat for a moment before the session arrives: keep
      // watching for the last message until the bench has read the marks (it reloads or the page ends).
      const done = marks.inputReady !== undefined && marks.lastMessage !== undefined && marks.keyPainted !== undefined;
      if (!done && !marks.stop && now < stopAt) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  const close = Document.prototype.close;
  Document.prototype.close = function () {
    const r = close.apply(this, arguments);
    if (this === document) { marks.written = Date.now(); start(); }
    return r;
  };
  start();
})();`;
