// The rest of Claude Code's headless flags (`claude -p`), parsed apart from args.ts so each stays small:
// --system-prompt, --input-format, --include-partial-messages, --dangerously-skip-permissions,
// --max-budget-usd, --fallback-model, --agents; and Tandem's provider flags (--platform,
// --reasoning-effort, --thinking-budget, --openai-wire-api).
import type { PermissionMode } from '../core/permissions/policy';
import { PLATFORMS, REASONING_EFFORTS } from '../core/llm/providerSetup';
import type { ProviderSettings } from '../core/llm/providerSetup';
import type { Platform, ReasoningEffort } from '../core/llm/types';

export const HEADLESS_OPTIONS = {
  'system-prompt': { type: 'string' },
  'input-format': { type: 'string' },
  'include-partial-messages': { type: 'boolean' },
  'dangerously-skip-permissions': { type: 'boolean' },
  'max-budget-usd': { type: 'string' },
  'fallback-model': { type: 'string' },
  agents: { type: 'string' },
  platform: { type: 'string' },
  'reasoning-effort': { type: 'string' },
  'thinking-budget': { type: 'string' },
  'openai-wire-api': { type: 'string' },
} as const;

export const HEADLESS_USAGE = `  --system-prompt <text>           replaces Tandem's system prompt
  --input-format <format>          text (default) | stream-json: user messages as JSON lines on stdin (needs --output-format stream-json)
  --include-partial-messages       with stream-json output: stream_event lines as the reply streams
  --dangerously-skip-permissions   same as --permission-mode bypassPermissions (refused as root unless IS_SANDBOX=1)
  --max-budget-usd <amount>        stop once the run's cost at list prices passes this amount
  --fallback-model <model>         model to use when the main one is overloaded
  --mcp-config <file-or-json...>   MCP servers to load (repeatable); --strict-mcp-config: only these
  --platform <p>                   direct | bedrock | vertex | azure (default: CLAUDE_CODE_USE_BEDROCK / _VERTEX, else direct)
  --reasoning-effort <e>           none | minimal | low | medium | high | xhigh | max
  --thinking-budget <tokens>       Claude extended thinking with a fixed budget (older models; also MAX_THINKING_TOKENS)
  --openai-wire-api <api>          responses | chat | auto (default: Responses for OpenAI's own endpoint and *-codex/*-pro)`;

export interface HeadlessArgs {
  systemPrompt?: string;
  inputFormat: 'text' | 'stream-json';
  includePartialMessages: boolean;
  maxBudgetUsd?: number;
  fallbackModel?: string;
  providerSettings: ProviderSettings;
  /** Set by --dangerously-skip-permissions. */
  modeOverride?: PermissionMode;
}

type Values = { [K in keyof typeof HEADLESS_OPTIONS]?: (typeof HEADLESS_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

export function readHeadless(v: Values, ctx: { env: NodeJS.ProcessEnv; uid?: number; outputFormat: string; model?: string; mode?: string }, fail: (msg: string) => never): HeadlessArgs {
  const inputFormat = v['input-format'] ?? 'text';
  if (inputFormat !== 'text' && inputFormat !== 'stream-json') fail(`--input-format must be text or stream-json (got "${inputFormat}")`);
  if (inputFormat === 'stream-json' && ctx.outputFormat !== 'stream-json') fail('--input-format stream-json needs --output-format stream-json');
  if (v['include-partial-messages'] && ctx.outputFormat !== 'stream-json') fail('--include-partial-messages needs --output-format stream-json');
  let modeOverride: PermissionMode | undefined;
  if (v['dangerously-skip-permissions']) {
    // As Claude Code: never as root, unless the environment says it is a sandbox.
    if (ctx.uid === 0 && ctx.env.IS_SANDBOX !== '1') fail('--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons (set IS_SANDBOX=1 inside a sandbox)');
    if (ctx.mode !== undefined && ctx.mode !== 'bypassPermissions') fail(`--dangerously-skip-permissions contradicts --permission-mode ${ctx.mode}`);
    modeOverride = 'bypassPermissions';
  }
  let maxBudgetUsd: number | undefined;
  if (v['max-budget-usd'] !== undefined) {
    maxBudgetUsd = Number(v['max-budget-usd']);
    if (!Number.isFinite(maxBudgetUsd) || maxBudgetUsd <= 0) fail(`--max-budget-usd must be a positive amount in US dollars (got "${v['max-budget-usd']}")`);
  }
  const fallbackModel = v['fallback-model'];
  if (fallbackModel !== undefined && fallbackModel === ctx.model) fail('--fallback-model must differ from --model');
  // --agents is parsed with the other sub-agent options (args.ts agentsJson); it is declared here.
  const providerSettings: ProviderSettings = {};
  if (v.platform !== undefined) {
    if (!(PLATFORMS as readonly string[]).includes(v.platform)) fail(`--platform must be one of ${PLATFORMS.join(', ')} (got "${v.platform}")`);
    providerSettings.platform = v.platform as Platform;
  }
  if (v['reasoning-effort'] !== undefined) {
    if (!(REASONING_EFFORTS as readonly string[]).includes(v['reasoning-effort'])) fail(`--reasoning-effort must be one of ${REASONING_EFFORTS.join(', ')} (got "${v['reasoning-effort']}")`);
    providerSettings.reasoningEffort = v['reasoning-effort'] as ReasoningEffort;
  }
  if (v['thinking-budget'] !== undefined) {
    const n = Number(v['thinking-budget']);
    if (!Number.isInteger(n) || n < 1024) fail(`--thinking-budget must be a whole number of tokens, at least 1024 (got "${v['thinking-budget']}")`);
    providerSettings.thinkingBudget = n;
  }
  const wire = v['openai-wire-api'];
  if (wire !== undefined && wire !== 'auto') {
    if (wire !== 'responses' && wire !== 'chat') fail(`--openai-wire-api must be responses, chat or auto (got "${wire}")`);
    providerSettings.openaiWireApi = wire;
  }
  return {
    systemPrompt: v['system-prompt'],
    inputFormat,
    includePartialMessages: v['include-partial-messages'] ?? false,
    maxBudgetUsd,
    fallbackModel,
    providerSettings,
    modeOverride,
  };
}
