import type { WebviewToHost } from '../../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page load.
const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: (m) => console.log('postMessage', m) };

export function postToHost(message: WebviewToHost): void {
  api.postMessage(message);
}
