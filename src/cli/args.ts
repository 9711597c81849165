// Command-line flags, named as Claude Code's headless mode names them so scripts carry over.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PERMISSION_MODES } from '../core/permissions/policy';
import type { PermissionMode, PermissionRules } from '../core/permissions/policy';
import { choiceAsFlags, PROVIDER_CHOICES } from '../core/llm/platforms';
import type { ProviderChoice } from '../core/llm/platforms';
import type { ProviderId } from '../core/llm/types';
import { validateSettings } from '../core/config/validate';
import type { SettingsFile } from '../core/config/settingsFiles';
import { normalizeArgv } from './argv';
import { HEADLESS_OPTIONS, HEADLESS_USAGE, readHeadless } from './headlessFlags';
import type { HeadlessArgs } from './headlessFlags';

export class UsageError extends Error {
  override name = 'UsageError';
}

export type OutputFormat = 'text' | 'json' | 'stream-json';

export interface CliArgs extends HeadlessArgs {
  print: boolean;
  prompt?: string;
  outputFormat: OutputFormat;
  model?: string;
  provider: ProviderId;
  baseUrl?: string;
  /** A key from the chosen provider's own variable (GEMINI_API_KEY for --provider gemini). */
  apiKey?: string;
  maxTurns?: number;
  /** Unset: the settings files' defaultMode, else default. */
  permissionMode?: PermissionMode;
  rules: PermissionRules;
  /** --settings: every key, applied at the flag level of the settings precedence. */
  settings?: SettingsFile;
  appendSystemPrompt?: string;
  /** --agents: sub-agents as Claude Code's JSON, name → {description, prompt, tools?, model?, ...}. */
  agents?: Record<string, Record<string, unknown>>;
  addDirs: string[];
  resume?: string;
  continueLatest: boolean;
  forkSession: boolean;
  verbose: boolean;
  /** --mcp-config values (files or JSON), --strict-mcp-config. */
  mcpConfig: string[];
  strictMcpConfig: boolean;
  help: boolean;
  version: boolean;
}

export const USAGE = `Usage: tandem -p [prompt] [options]     (the prompt is read from stdin when not given)

Options:
  -p, --print                      run non-interactively and print the result
  --output-format <format>         text (default) | json | stream-json
  --model <model>                  model id (default: the provider's default)
  --provider <p>                   anthropic | bedrock | vertex | openai | openai-compatible | azure | gemini
                                   (default: anthropic, or openai when only OPENAI_API_KEY is set)
  --base-url <url>                 API base URL (OpenAI-compatible servers: Ollama, vLLM, ...)
  --max-turns <n>                  stop after n model requests
  --permission-mode <mode>         default | acceptEdits | plan | bypassPermissions | dontAsk
  --allowedTools <rules...>        e.g. Read Grep "Bash(npm run test:*)" (space or comma separated; the prompt after them stays the prompt)
  --disallowedTools <rules...>     rules that are always denied
  --settings <file-or-json>        settings as in .claude/settings.json (permissions, env, model, hooks, ...)
  --append-system-prompt <text>    added to the end of the system prompt
  --agents <json>                  sub-agents: '{"reviewer": {"description": "...", "prompt": "...", "tools": ["Read"]}}'
  --add-dir <dir>                  another folder the agent may work in (repeatable)
  -r, --resume <session-id>        continue a session by id
  -c, --continue                   continue the most recent session in this folder
  --fork-session                   with --resume/--continue: continue in a new session, leaving that one as it was
  --verbose                        log retries and tool calls to stderr
${HEADLESS_USAGE}
  --mcp-config <file-or-json>      MCP servers ({"mcpServers": {...}}) to add (repeatable)
  --strict-mcp-config              only the --mcp-config servers, none from configuration files
  -h, --help, -v, --version

Environment: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, OPENAI_API_KEY, OPENAI_BASE_URL;
TANDEM_MAX_RETRIES (retries per request for 429/529/5xx/dropped connections, default 5).
TANDEM_STREAM_IDLE_TIMEOUT_MS (cut and retry a model stream that sends nothing this long, default 90000).
MCP: MCP_TIMEOUT (server startup, ms), MCP_TOOL_TIMEOUT (per call, ms), MAX_MCP_OUTPUT_TOKENS.
  tandem mcp list | approve <name> | login <name> | serve  (see "tandem mcp --help")
Calls that need approval are denied in this non-interactive mode, and the model is told why.
Context: "/compact [instructions]" as the prompt (with -c or --resume) compacts that session;
DISABLE_AUTO_COMPACT, DISABLE_COMPACT, CLAUDE_AUTOCOMPACT_PCT_OVERRIDE; "contextWindow" in settings.json.`;

function agentsJson(text: string): Record<string, Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--agents is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--agents must be a JSON object: {"name": {"description": "...", "prompt": "..."}}');
  return parsed as Record<string, Record<string, unknown>>;
}

function splitRules(values: string[] | undefined): string[] {
  // "Bash(git diff:*) Edit" or "Read,Grep": split on commas/spaces outside parentheses.
  const out: string[] = [];
  for (const v of values ?? []) {
    let depth = 0;
    let cur = '';
    for (const ch of v) {
      if (ch === '(') depth++;
      if (ch === ')') depth = Math.max(0, depth - 1);
      if (depth === 0 && (ch === ',' || ch === ' ')) {
        if (cur.trim()) out.push(cur.trim());
        cur = '';
      } else cur += ch;
    }
    if (cur.trim()) out.push(cur.trim());
  }
  return out;
}

/** --settings: a file or inline JSON, checked key by key; any malformed value is a usage error (exit 2). */
function readSettings(value: string): SettingsFile {
  const inline = value.trim().startsWith('{');
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (err) {
      throw new UsageError(`--settings: cannot read ${value}: ${(err as Error).message}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--settings: not valid JSON (${(err as Error).message})`);
  }
  const { settings, errors } = validateSettings(parsed, inline ? '--settings' : `--settings ${value}`);
  if (errors.length) throw new UsageError(errors.join('; '));
  return settings;
}

function isMode(v: string): v is PermissionMode {
  return (PERMISSION_MODES as readonly string[]).includes(v);
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, uid: number | undefined = process.getuid?.()): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: normalizeArgv(argv),
      allowPositionals: true,
      strict: true,
      options: {
        print: { type: 'boolean', short: 'p' },
        'output-format': { type: 'string' },
        model: { type: 'string' },
        provider: { type: 'string' },
        'base-url': { type: 'string' },
        'max-turns': { type: 'string' },
        'permission-mode': { type: 'string' },
        allowedTools: { type: 'string', multiple: true },
        disallowedTools: { type: 'string', multiple: true },
        settings: { type: 'string' },
        'append-system-prompt': { type: 'string' },
        'add-dir': { type: 'string', multiple: true },
        resume: { type: 'string', short: 'r' },
        continue: { type: 'boolean', short: 'c' },
        'fork-session': { type: 'boolean' },
        verbose: { type: 'boolean' },
        'mcp-config': { type: 'string', multiple: true },
        'strict-mcp-config': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        ...HEADLESS_OPTIONS,
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const format = v['output-format'] ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'stream-json') throw new UsageError(`--output-format must be text, json or stream-json (got "${format}")`);
  const choice = v.provider ?? (env.ANTHROPIC_API_KEY || !env.OPENAI_API_KEY ? 'anthropic' : 'openai');
  if (!(PROVIDER_CHOICES as readonly string[]).includes(choice)) throw new UsageError(`--provider must be one of ${PROVIDER_CHOICES.join(', ')} (got "${choice}")`);
  // bedrock, vertex, azure, openai-compatible and gemini are the API family plus what they imply (VS Code's tandem.provider).
  const implied = choiceAsFlags(choice as ProviderChoice, env);
  const provider = implied.provider;
  // Gemini's key has its own variable; an OPENAI_API_KEY must not be sent to Google instead.
  if (choice === 'gemini' && !implied.apiKey) throw new UsageError('--provider gemini needs GEMINI_API_KEY');
  if (v.resume !== undefined && v.resume.trim() === '') throw new UsageError('--resume needs a session id (it was empty); use --continue for the most recent session');
  if (v['fork-session'] && !v.resume && !v.continue) throw new UsageError('--fork-session needs --resume or --continue (the session to fork)');
  let maxTurns: number | undefined;
  if (v['max-turns'] !== undefined) {
    maxTurns = Number(v['max-turns']);
    if (!Number.isInteger(maxTurns) || maxTurns < 1) throw new UsageError(`--max-turns must be a whole number of at least 1 (got "${v['max-turns']}")`);
  }
  const settings = v.settings ? readSettings(v.settings) : undefined;
  const mode = v['permission-mode'];
  if (mode !== undefined && !isMode(mode)) throw new UsageError(`--permission-mode must be one of ${PERMISSION_MODES.join(', ')} (got "${mode}")`);
  if (v['base-url'] !== undefined && !/^https?:\/\/\S+$/.test(v['base-url'])) throw new UsageError(`--base-url must be an http(s) URL (got "${v['base-url']}")`);
  const prompt = parsed.positionals.join(' ').trim() || undefined;
  const headless = readHeadless(v, { env, uid, outputFormat: format, model: v.model, mode }, (msg) => {
    throw new UsageError(msg);
  });
  if (implied.platform && !headless.providerSettings.platform) headless.providerSettings.platform = implied.platform;
  if (implied.wireApi && !headless.providerSettings.openaiWireApi) headless.providerSettings.openaiWireApi = implied.wireApi;
  return {
    ...headless,
    ...(implied.apiKey ? { apiKey: implied.apiKey } : {}),
    print: v.print ?? false,
    prompt,
    outputFormat: format,
    model: v.model,
    provider,
    baseUrl: v['base-url'] ?? implied.baseURL,
    maxTurns,
    permissionMode: headless.modeOverride ?? mode,
    rules: { allow: splitRules(v.allowedTools), ask: [], deny: splitRules(v.disallowedTools) },
    settings,
    appendSystemPrompt: v['append-system-prompt'],
    agents: v.agents === undefined ? undefined : agentsJson(v.agents),
    addDirs: v['add-dir'] ?? [],
    resume: v.resume,
    continueLatest: v.continue ?? false,
    forkSession: v['fork-session'] ?? false,
    verbose: v.verbose ?? false,
    mcpConfig: v['mcp-config'] ?? [],
    strictMcpConfig: v['strict-mcp-config'] ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
  };
}
