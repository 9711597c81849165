import type { WebviewToHost } from '../../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page load.
const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: (m) => console.log('postMessage', m), setState: () => undefined };

/**
 * What VS Code keeps for this view across a window reload and hands back to the host (which
 * checks it: the view is untrusted): the id of the stored session it shows.
 */
export function rememberSession(sessionId: string | null): void {
  api.setState(sessionId ? { sessionId } : {});
}

export function postToHost(message: WebviewToHost): void {
  api.postMessage(message);
}
