// HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as Claude Code reads them (from the environment or a
// settings file's env): Node's fetch, which the provider SDKs use, ignores them. The CLI and the SDK
// route the model requests through an undici proxy agent; the VS Code extension leaves proxies to
// VS Code (its http.proxy settings and authentication), so it never sets one.
import type { Fetch } from './idleTimeout';
import type { ProxySettings } from './types';

type Env = Record<string, string | undefined>;

/** The proxy variables in `env` (upper or lower case, as curl reads them); undefined when none names a proxy. */
export function proxyFrom(env: Env): ProxySettings | undefined {
  const pick = (name: string) => env[name] || env[name.toLowerCase()] || undefined;
  const httpsProxy = pick('HTTPS_PROXY');
  const httpProxy = pick('HTTP_PROXY');
  if (!httpsProxy && !httpProxy) return undefined;
  const noProxy = pick('NO_PROXY');
  return { ...(httpsProxy ? { httpsProxy } : {}), ...(httpProxy ? { httpProxy } : {}), ...(noProxy ? { noProxy } : {}) };
}

const agents = new Map<string, unknown>();

/** Node's fetch through the proxy (NO_PROXY hosts go direct); undefined (plain fetch) when there is none. */
export function proxiedFetch(proxy: ProxySettings | undefined): Fetch | undefined {
  if (!proxy) return undefined;
  const key = JSON.stringify(proxy);
  let agent = agents.get(key);
  if (!agent) {
    /* eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only with a proxy */
    const { EnvHttpProxyAgent } = require('./provider-proxy') as typeof import('./provider-proxy');
    // The options win over the process's environment, so a settings file's env is what counts.
    agent = new EnvHttpProxyAgent({ httpProxy: proxy.httpProxy ?? '', httpsProxy: proxy.httpsProxy ?? proxy.httpProxy ?? '', noProxy: proxy.noProxy ?? '' });
    agents.set(key, agent);
  }
  // `dispatcher` is Node's (undici's) own fetch option.
  return (input, init) => globalThis.fetch(input, { ...init, dispatcher: agent } as RequestInit);
}
