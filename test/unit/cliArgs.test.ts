// The headless flags as parsed (no process): Claude Code's spellings and its rules.
import { strict as assert } from 'node:assert';
import { parseCliArgs } from '../../src/cli/args';
import { normalizeArgv } from '../../src/cli/argv';

const env = { ANTHROPIC_API_KEY: 'k' };

describe('CLI flags (Claude Code parity)', () => {
  it('--allowedTools takes space-separated rules and leaves the prompt', () => {
    const a = parseCliArgs(['-p', '--allowedTools', 'Read', 'Grep', 'Bash(git diff:*)', 'mcp__gh__list', 'fix the bug'], env, 1000);
    assert.deepEqual(a.rules.allow, ['Read', 'Grep', 'Bash(git diff:*)', 'mcp__gh__list']);
    assert.equal(a.prompt, 'fix the bug');
    assert.deepEqual(normalizeArgv(['--disallowed-tools', 'Write,Edit', 'go']), ['--disallowedTools=Write,Edit', 'go']);
    assert.deepEqual(parseCliArgs(['-p', 'Read', '--allowedTools=Read'], env, 1000).prompt, 'Read');
  });

  it('--dangerously-skip-permissions is bypassPermissions, refused as root without IS_SANDBOX=1', () => {
    assert.equal(parseCliArgs(['-p', 'x', '--dangerously-skip-permissions'], env, 1000).permissionMode, 'bypassPermissions');
    assert.throws(() => parseCliArgs(['-p', 'x', '--dangerously-skip-permissions'], env, 0), /root\/sudo/);
    assert.equal(parseCliArgs(['-p', 'x', '--dangerously-skip-permissions'], { ...env, IS_SANDBOX: '1' }, 0).permissionMode, 'bypassPermissions');
    assert.throws(() => parseCliArgs(['-p', 'x', '--dangerously-skip-permissions', '--permission-mode', 'plan'], env, 1000), /contradicts/);
  });

  it('takes dontAsk, --system-prompt, --max-budget-usd, --fallback-model, --agents, provider flags', () => {
    const a = parseCliArgs(['-p', 'x', '--permission-mode', 'dontAsk', '--system-prompt', 'S', '--max-budget-usd', '1.5', '--fallback-model', 'claude-haiku-5-5', '--agents', '{"rev":{"description":"d","prompt":"p"}}', '--reasoning-effort', 'high', '--platform', 'bedrock', '--openai-wire-api', 'chat', '--thinking-budget', '4096'], env, 1000);
    assert.equal(a.permissionMode, 'dontAsk');
    assert.equal(a.systemPrompt, 'S');
    assert.equal(a.maxBudgetUsd, 1.5);
    assert.equal(a.fallbackModel, 'claude-haiku-5-5');
    assert.deepEqual(Object.keys(a.agents!), ['rev']);
    assert.deepEqual(a.providerSettings, { platform: 'bedrock', reasoningEffort: 'high', thinkingBudget: 4096, openaiWireApi: 'chat' });
  });

  it('--provider takes the VS Code choices: bedrock/vertex/azure set the platform, gemini its endpoint, key and Chat Completions', () => {
    assert.deepEqual([parseCliArgs(['-p', 'x', '--provider', 'bedrock'], env, 1000)].map((a) => [a.provider, a.providerSettings.platform]), [['anthropic', 'bedrock']]);
    assert.equal(parseCliArgs(['-p', 'x', '--provider', 'vertex'], env, 1000).providerSettings.platform, 'vertex');
    assert.equal(parseCliArgs(['-p', 'x', '--provider', 'bedrock', '--platform', 'direct'], env, 1000).providerSettings.platform, 'direct', '--platform wins');
    const az = parseCliArgs(['-p', 'x', '--provider', 'azure'], env, 1000);
    assert.deepEqual([az.provider, az.providerSettings.platform], ['openai', 'azure']);
    const g = parseCliArgs(['-p', 'x', '--provider', 'gemini'], { ...env, GEMINI_API_KEY: 'g-key', OPENAI_API_KEY: 'o-key' }, 1000);
    assert.deepEqual([g.provider, g.baseUrl, g.apiKey, g.providerSettings.openaiWireApi], ['openai', 'https://generativelanguage.googleapis.com/v1beta/openai/', 'g-key', 'chat']);
    assert.throws(() => parseCliArgs(['-p', 'x', '--provider', 'gemini'], { ...env, OPENAI_API_KEY: 'o-key' }, 1000), /GEMINI_API_KEY/);
    const compat = parseCliArgs(['-p', 'x', '--provider', 'openai-compatible', '--base-url', 'http://localhost:11434/v1'], env, 1000);
    assert.deepEqual([compat.provider, compat.baseUrl, compat.providerSettings.openaiWireApi], ['openai', 'http://localhost:11434/v1', 'chat']);
    assert.throws(() => parseCliArgs(['-p', 'x', '--provider', 'cohere'], env, 1000), /--provider must be one of anthropic, bedrock/);
  });

  it('refuses bad values with a clear message', () => {
    for (const [argv, msg] of [
      [['--max-budget-usd', '0'], /positive amount/],
      [['--input-format', 'stream-json'], /needs --output-format stream-json/],
      [['--include-partial-messages'], /needs --output-format stream-json/],
      [['--agents', '[1]'], /--agents must be a JSON object/],
      [['--reasoning-effort', 'huge'], /--reasoning-effort must be one of/],
      [['--model', 'm', '--fallback-model', 'm'], /must differ/],
    ] as const) {
      assert.throws(() => parseCliArgs(['-p', 'x', ...argv], env, 1000), msg);
    }
  });
});
