// Verdicts for calls that name a web host (WebFetch) or a sub-agent (Agent): rules
// `WebFetch(domain:example.com)`, `WebFetch(domain:*.example.com)` (subdomains only),
// `WebFetch(domain:*)`, and `Agent(Explore)` / `Task(Explore)`. Deny beats ask beats allow.
import type { Verdict } from './verdict';
import type { PermissionMode, RuleList } from './modes';
import { formatRule } from './modes';
import type { Rule } from './rules';

type Lists = (list: RuleList) => Rule[];

/** Whether a `domain:` rule spec covers this host (lower-case, no port). */
export function domainMatches(spec: string, host: string): boolean {
  if (!spec.startsWith('domain:')) return false;
  const want = spec.slice('domain:'.length).trim().toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (want === '*') return true;
  if (want.startsWith('*.')) return h.endsWith(want.slice(1)) && h.length > want.length - 1;
  return h === want;
}

function byRule(behavior: Verdict['behavior'], r: Rule, reason: string): Verdict {
  return { behavior, reason, by: 'rule', rule: formatRule(r), suggestions: [] };
}

function find(lists: Lists, list: RuleList, toolName: string, matches: (spec: string) => boolean): Rule | undefined {
  return lists(list).find((r) => r.tool === toolName && (r.spec === undefined || matches(r.spec)));
}

/** A web request to `host`: asks for a domain no rule allows (except in bypassPermissions). */
export function decideDomain(toolName: string, host: string, mode: PermissionMode, lists: Lists): Verdict {
  const m = (spec: string) => domainMatches(spec, host);
  const deny = find(lists, 'deny', toolName, m);
  if (deny) return byRule('deny', deny, `fetching ${host} is denied by rule ${formatRule(deny)}`);
  const ask = find(lists, 'ask', toolName, m);
  if (ask) return byRule('ask', ask, `rule ${formatRule(ask)} asks before fetching ${host}`);
  if (mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode', by: 'mode', suggestions: [] };
  const allow = find(lists, 'allow', toolName, m);
  if (allow) return byRule('allow', allow, `allowed by rule ${formatRule(allow)}`);
  return { behavior: 'ask', reason: `${host} is a new domain for ${toolName}`, by: 'mode', suggestions: [`${toolName}(domain:${host.toLowerCase()})`] };
}

/** Starting a sub-agent: allowed unless a rule denies or asks (its own calls are checked one by one). */
export function decideAgent(toolName: string, agentType: string, lists: Lists): Verdict {
  const m = (spec: string) => spec === agentType;
  const deny = find(lists, 'deny', toolName, m);
  if (deny) return byRule('deny', deny, `the ${agentType} agent is denied by rule ${formatRule(deny)}`);
  const ask = find(lists, 'ask', toolName, m);
  if (ask) return byRule('ask', ask, `rule ${formatRule(ask)} asks before starting the ${agentType} agent`);
  return { behavior: 'allow', reason: 'a sub-agent\'s own tool calls are each checked', by: 'mode', suggestions: [] };
}

/**
 * A web search (WebSearch): rules take no specifier. It sends the query to a search service, so
 * it asks unless a rule allows it (bypassPermissions allows it); plan mode may search, as it only reads.
 */
export function decideSearch(toolName: string, mode: PermissionMode, lists: Lists): Verdict {
  const deny = find(lists, 'deny', toolName, () => false);
  if (deny) return byRule('deny', deny, `web search is denied by rule ${formatRule(deny)}`);
  const ask = find(lists, 'ask', toolName, () => false);
  if (ask) return byRule('ask', ask, `rule ${formatRule(ask)} asks before searching the web`);
  if (mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode', by: 'mode', suggestions: [] };
  const allow = find(lists, 'allow', toolName, () => false);
  if (allow) return byRule('allow', allow, `allowed by rule ${formatRule(allow)}`);
  return { behavior: 'ask', reason: `searching the web needs approval`, by: 'mode', suggestions: [toolName] };
}
