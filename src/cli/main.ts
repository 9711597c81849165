// `tandem -p`: the agent headless, for scripts and CI. Exit 0 on success; otherwise non-zero with
// one clear line on stderr (bad flag: 2; no key, unreachable server, failed run: 1).
import { costUsd } from '../core/llm/models';
import { DEFAULT_RETRY } from '../core/llm/retry';
import type { RetryPolicy } from '../core/llm/retry';
import { createAgent, ConfigError } from '../core/sdk/createAgent';
import type { Agent } from '../core/sdk/createAgent';
import { BUILTIN_TOOL_NAMES } from '../core/tools/registry';
import { parseRule } from '../core/permissions/rules';
import { parseCliArgs, USAGE } from './args';
import type { CliArgs } from './args';
import { mcpCommand, reportMcpFailures } from './mcp';
import { OutputWriter } from './output';
import { runStreamJsonInput, runTurn } from './turn';
import { emptyUsage } from '../core/llm/types';
import { runCompactPrompt } from './compact';
import { isMemoryPrompt, runMemoryPrompt, warnExternalImports } from './memory';
import { parseCompactPrompt } from '../core/sdk/compact';
import { isStatusPrompt } from '../core/sdk/status';
import { runStatusPrompt } from './status';

declare const TANDEM_VERSION: string;

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) return resolve('');
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => (data += c));
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

/** Tools named bare in --disallowedTools are not offered at all; specs are deny rules. */
function enabledTools(args: CliArgs): string[] {
  const removed = new Set((args.rules.deny ?? []).map((r) => parseRule(r)).filter((r) => r.spec === undefined).map((r) => r.tool));
  return BUILTIN_TOOL_NAMES.filter((n) => !removed.has(n));
}

/** TANDEM_MAX_RETRIES caps attempts per request (scripts that prefer failing fast). */
function retryPolicyFromEnv(env: NodeJS.ProcessEnv): RetryPolicy | undefined {
  const raw = env.TANDEM_MAX_RETRIES;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`TANDEM_MAX_RETRIES must be a whole number (got "${raw}")`);
  return { ...DEFAULT_RETRY, maxAttempts: n + 1 };
}

/** --fallback-model: an overloaded main model hands the request to this one (see RetryPolicy). */
function withFallback(policy: RetryPolicy | undefined, fallbackModel: string | undefined): RetryPolicy | undefined {
  return fallbackModel ? { ...(policy ?? DEFAULT_RETRY), fallbackModel } : policy;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'mcp') return mcpCommand(argv.slice(1));
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
    for (const r of [...(args.rules.allow ?? []), ...(args.rules.deny ?? []), ...(args.rules.ask ?? [])]) parseRule(r);
  } catch (err) {
    // One line, as the header promises: scripts that log stderr get the error and the hint together.
    process.stderr.write(`tandem: ${(err as Error).message.replace(/\.$/, '')}. Run "tandem --help" for the options.\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${typeof TANDEM_VERSION === 'string' ? TANDEM_VERSION : 'dev'}\n`);
    return 0;
  }
  // --input-format stream-json: the user messages come as JSON lines on stdin, one turn each.
  const prompt = args.inputFormat === 'stream-json' ? '(stream-json)' : args.prompt ?? (await readStdin()).trim();
  if (!prompt) {
    process.stderr.write('tandem: no prompt: pass it after -p or on stdin. Run "tandem --help" for the options.\n');
    return 2;
  }

  const started = Date.now();
  let agent: Agent;
  try {
    agent = createAgent({
      provider: args.provider,
      model: args.model,
      baseURL: args.baseUrl,
      ...(args.apiKey ? { apiKey: args.apiKey } : {}),
      cwd: process.cwd(),
      additionalDirectories: args.addDirs,
      tools: enabledTools(args),
      permissionMode: args.permissionMode,
      rules: args.rules,
      settings: args.settings,
      appendSystemPrompt: args.appendSystemPrompt,
      agents: args.agents,
      systemPrompt: args.systemPrompt,
      providerSettings: args.providerSettings,
      maxTurns: args.maxTurns,
      resume: args.resume,
      continueLatest: args.continueLatest,
      forkSession: args.forkSession,
      retry: withFallback(retryPolicyFromEnv(process.env), args.fallbackModel),
      mcpConfig: args.mcpConfig,
      strictMcpConfig: args.strictMcpConfig,
      // /status talks to no model: it leaves no session behind. Neither it nor /memory needs a key.
      ...(isStatusPrompt(prompt) ? { persistSession: false } : {}),
      ...(isStatusPrompt(prompt) || isMemoryPrompt(prompt) ? { withoutModel: true } : {}),
    });
  } catch (err) {
    process.stderr.write(`tandem: ${(err as Error).message}\n`);
    // A ConfigError is the user's to fix (no key, no session to resume); anything else is ours.
    if (!(err instanceof ConfigError)) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return 1;
  }
  for (const w of agent.warnings) process.stderr.write(`tandem: warning: ${w}\n`);
  const stopMcpReports = reportMcpFailures(agent, (s) => process.stderr.write(s));
  if (args.verbose) for (const s of agent.settings.sources) process.stderr.write(`tandem: settings: ${s.file} (${s.scope}${s.status === 'applied' ? '' : `, ${s.status}`})\n`);
  const out = new OutputWriter(args.outputFormat, (s) => process.stdout.write(s), (s) => process.stderr.write(s), args.verbose, args.includePartialMessages);
  const keySource = args.provider === 'anthropic' ? (process.env.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY' : 'none') : process.env.OPENAI_API_KEY ? 'OPENAI_API_KEY' : 'none';
  out.init({ sessionId: agent.sessionId, model: agent.model, cwd: process.cwd(), tools: enabledTools(args), permissionMode: agent.permissions.mode, apiKeySource: keySource, agents: Object.keys(args.agents ?? {}) });
  if (args.maxBudgetUsd !== undefined && costUsd(agent.model, emptyUsage()) === undefined) {
    process.stderr.write(`tandem: warning: no prices are known for ${agent.model}, so --max-budget-usd cannot be enforced; add its prices under "models" in settings.\n`);
  }
  if (args.inputFormat === 'stream-json') return runStreamJsonInput(agent, out, args, started);

  // "/status": what this run would use, printed without calling the model.
  if (isStatusPrompt(prompt)) return runStatusPrompt(agent, out, started, stopMcpReports);
  const compact = parseCompactPrompt(prompt);
  if (compact) return runCompactPrompt(agent, compact.instructions, out, new AbortController(), started, () => undefined);
  if (isMemoryPrompt(prompt)) return runMemoryPrompt(agent, out, started).finally(stopMcpReports);
  try {
    if (args.systemPrompt === undefined) await warnExternalImports(agent, (s) => process.stderr.write(s));
    const r = await runTurn(agent, out, prompt, args);
    out.result({ ...r, sessionId: agent.sessionId, durationMs: Date.now() - started, costUsd: costUsd(agent.model, r.usage), denials: out.denials, model: agent.model });
    return r.status === 'completed' ? 0 : 1;
  } finally {
    stopMcpReports();
    agent.close();
  }
}

/** Runs the command line of this process and sets its exit code (dist/cli.js calls this). */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`tandem: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) run();
