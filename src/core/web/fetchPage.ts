// Fetches one web page for WebFetch, from the host (extension host or CLI), never a browser:
// http is upgraded to https, redirects within the same host are followed and redirects to another
// host are reported (not followed), size and time are capped, no cookies or credentials are ever
// sent, and loopback / private / link-local addresses are refused on the address actually
// connected to (DNS is resolved and checked in the connection's own lookup), unless a setting
// allows that host. node:http(s) is used rather than fetch() because only it lets the checked
// address be the one connected to.
import type { LookupAddress } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type TurndownService from 'turndown';
import { privateAddressReason } from './addresses';

export interface FetchOptions {
  /** Hosts (lower-case names or IPs) that may resolve to private addresses and may stay on http. */
  allowPrivateHosts?: string[];
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

export type FetchOutcome =
  | { kind: 'page'; url: string; status: number; contentType: string; raw: string; markdown: string; truncatedBytes: boolean }
  | { kind: 'redirect'; url: string; location: string; status: number }
  | { kind: 'refused'; url: string; reason: string };

export const USER_AGENT = 'Tandem-User (+https://github.com/tandem; WebFetch)';
const DEFAULT_MAX_BYTES = 5_000_000;
const DEFAULT_TIMEOUT_MS = 30_000;

export class FetchError extends Error {}

function normalHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/** The URL to fetch: parsed, http upgraded to https (except allowed private hosts), no credentials. */
export function prepareUrl(input: string, allowPrivateHosts: string[] = []): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new FetchError(`"${input}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError(`only http and https URLs can be fetched (got ${url.protocol})`);
  if (url.username || url.password) throw new FetchError('URLs with credentials (user:password@) are never fetched');
  const allowed = allowPrivateHosts.map(normalHost).includes(normalHost(url.hostname));
  if (url.protocol === 'http:' && !allowed) url.protocol = 'https:';
  url.hash = '';
  return url;
}

/** HTML → Markdown (turndown); scripts, styles and other non-content elements dropped. */
export function htmlToMarkdown(html: string): string {
  // Required here, on the first page fetched: turndown and its DOM (domino) are a quarter megabyte
  // of code that start-up need not evaluate.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose
  const Turndown = require('turndown') as typeof TurndownService;
  const td = new Turndown({ headingStyle: 'atx', codeBlockStyle: 'fenced' });
  td.remove(['script', 'style', 'noscript', 'iframe', 'template', 'svg', 'head', 'title'] as unknown as TurndownService.Filter);
  return td.turndown(html).replace(/\n{3,}/g, '\n\n').trim();
}

export async function fetchPage(input: string, opts: FetchOptions = {}): Promise<FetchOutcome> {
  const allow = (opts.allowPrivateHosts ?? []).map(normalHost);
  let url: URL;
  try {
    url = prepareUrl(input, allow);
  } catch (err) {
    return { kind: 'refused', url: input, reason: (err as Error).message };
  }
  const startHost = normalHost(url.hostname);
  for (let hops = 0; ; hops++) {
    const res = await get(url, allow, opts);
    if ('refused' in res) return { kind: 'refused', url: url.href, reason: res.refused };
    const { response, body, truncated } = res;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      const next = new URL(location, url);
      if (normalHost(next.hostname) !== startHost || hops >= (opts.maxRedirects ?? 5)) {
        return { kind: 'redirect', url: url.href, location: next.href, status };
      }
      try {
        url = prepareUrl(next.href, allow);
      } catch (err) {
        return { kind: 'refused', url: next.href, reason: (err as Error).message };
      }
      continue;
    }
    const contentType = String(response.headers['content-type'] ?? '');
    const raw = body.toString('utf8');
    const markdown = /html/i.test(contentType) || (!contentType && /^\s*<(!doctype|html)/i.test(raw)) ? htmlToMarkdown(raw) : raw;
    return { kind: 'page', url: url.href, status, contentType, raw, markdown, truncatedBytes: truncated };
  }
}

/** One GET, connected only to an address that passed the check. */
function get(url: URL, allow: string[], opts: FetchOptions): Promise<{ response: IncomingMessage; body: Buffer; truncated: boolean } | { refused: string }> {
  const host = normalHost(url.hostname);
  const hostAllowed = allow.includes(host);
  let refusal: string | undefined;
  const lookup = (hostname: string, options: object, cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    // node:dns, node:http and node:https load on the first fetch, not with the bundle (start-up time).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('node:dns') as typeof import('node:dns')).lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '');
      const list = addresses as LookupAddress[];
      const bad = hostAllowed ? undefined : list.map((a) => privateAddressReason(a.address)).find(Boolean);
      if (bad) {
        refusal = `${hostname} resolves to ${bad}; fetching it is not allowed`;
        return cb(Object.assign(new Error(refusal), { code: 'EREFUSED' }), '');
      }
      if ((options as { all?: boolean }).all) cb(null, list);
      else cb(null, list[0].address, list[0].family);
    });
  };
  // A literal IP skips DNS (and the lookup): check it here.
  if (isIP(host) && !hostAllowed) {
    const bad = privateAddressReason(host);
    if (bad) return Promise.resolve({ refused: `${bad}; fetching it is not allowed` });
  }
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const req = (url.protocol === 'https:' ? (require('node:https') as typeof import('node:https')).request : (require('node:http') as typeof import('node:http')).request)(
      url,
      {
        method: 'GET',
        lookup: lookup as never,
        // Only these headers: no cookies, no authorization, nothing from the user's environment.
        headers: { 'user-agent': USER_AGENT, accept: 'text/markdown, text/html;q=0.9, text/plain;q=0.8, */*;q=0.1', 'accept-encoding': 'identity' },
        agent: false,
        signal: opts.signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        response.on('data', (c: Buffer) => {
          if (truncated) return;
          if (size + c.length > maxBytes) {
            chunks.push(c.subarray(0, maxBytes - size));
            size = maxBytes;
            truncated = true;
            response.destroy();
            resolve({ response, body: Buffer.concat(chunks), truncated });
            return;
          }
          chunks.push(c);
          size += c.length;
        });
        response.on('end', () => resolve({ response, body: Buffer.concat(chunks), truncated }));
        response.on('error', (err) => (truncated ? undefined : reject(err)));
      },
    );
    // One deadline for the whole exchange (a trickling server cannot stretch it).
    const ms = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => req.destroy(new FetchError(`the page did not arrive within ${Math.round(ms / 100) / 10} s`)), ms);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => (refusal ? resolve({ refused: refusal }) : reject(err)));
    req.end();
  });
}
