// Built into dist/provider-proxy.js and loaded only when a proxy is configured (proxy.ts): a session
// without one neither parses nor evaluates undici.
export { EnvHttpProxyAgent } from 'undici';
