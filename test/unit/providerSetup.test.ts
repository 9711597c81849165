// Which wire, platform and request options a configuration produces: the wire API per base URL and
// model, Claude Code's Bedrock/Vertex variables, Azure, and Claude's thinking and 1M options as
// they reach the fake server.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProvider } from '../../src/core/llm';
import type { ProviderConfig, ProviderRequest } from '../../src/core/llm';
import { CONTEXT_1M_BETA, INTERLEAVED_THINKING_BETA } from '../../src/core/llm/anthropicOptions';
import { bedrockModelId, resolveProvider } from '../../src/core/llm/providerSetup';
import { chooseWireApi, needsResponses, settingFor } from '../../src/core/llm/wireApi';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

describe('OpenAI wire API choice', () => {
  it('uses Responses for OpenAI itself and Azure, Chat Completions for compatible servers', () => {
    assert.equal(chooseWireApi({ model: 'gpt-5.5' }), 'responses');
    assert.equal(chooseWireApi({ model: 'gpt-4o', baseURL: 'https://api.openai.com/v1' }), 'responses');
    assert.equal(chooseWireApi({ model: 'gpt-5.5', baseURL: 'https://x.openai.azure.com', platform: 'azure' }), 'responses');
    for (const url of ['http://localhost:11434/v1', 'http://localhost:1234/v1', 'https://api.deepseek.com', 'https://openrouter.ai/api/v1', 'https://generativelanguage.googleapis.com/v1beta/openai/']) {
      assert.equal(chooseWireApi({ model: 'some-model', baseURL: url }), 'chat', url);
    }
  });

  it('sends Responses-only models (*-codex, *-pro) to Responses even through a compatible URL', () => {
    for (const m of ['gpt-5-codex', 'gpt-5.1-codex-max', 'gpt-5.3-codex', 'codex-mini-latest', 'gpt-5.5-pro', 'openai/gpt-5.4-pro']) assert.ok(needsResponses(m), m);
    for (const m of ['gpt-5.5', 'gpt-4o', 'deepseek-reasoner', 'prompt-pro-v2']) assert.ok(!needsResponses(m), m);
    assert.equal(chooseWireApi({ model: 'gpt-5.3-codex', baseURL: 'https://openrouter.ai/api/v1' }), 'responses');
  });

  it('a setting chooses per base URL and beats the default', () => {
    const setting = { 'http://localhost:8000/v1/': 'responses' as const, 'https://api.openai.com/v1': 'chat' as const };
    assert.equal(settingFor(setting, 'http://localhost:8000/v1'), 'responses');
    assert.equal(settingFor(setting, undefined), 'chat', 'no base URL is OpenAI itself');
    assert.equal(settingFor(setting, 'http://other/v1'), undefined);
    assert.equal(chooseWireApi({ model: 'gpt-5.5', override: 'chat' }), 'chat');
  });

  it('an openai provider sends to /responses or /chat/completions accordingly', async () => {
    const llm = await startFakeLlm({ replies: [], whenEmpty: 'echo' });
    try {
      const req: ProviderRequest = { model: 'gpt-5.5', system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 50 };
      for (const wireApi of ['responses', 'chat'] as const) {
        const p = createProvider({ provider: 'openai', apiKey: 'k', baseURL: llm.openaiBaseUrl, wireApi, reasoning: { effort: 'high' } });
        for await (const ev of p.stream(req, new AbortController().signal)) void ev;
      }
      assert.deepEqual(llm.requests.map((r) => r.path), ['/v1/responses', '/v1/chat/completions']);
      assert.deepEqual(llm.requests[0].body.reasoning, { summary: 'auto', effort: 'high' });
      assert.equal(llm.requests[0].body.store, false);
      assert.equal(llm.requests[1].body.reasoning_effort, 'high');
    } finally {
      await llm.close();
    }
  });
});

describe('reasoning effort a model does not take', () => {
  const ask = (model: string): ProviderRequest => ({ model, system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 50 });
  const run = async (p: ReturnType<typeof createProvider>, model: string) => {
    for await (const ev of p.stream(ask(model), new AbortController().signal)) void ev;
  };
  // Each server names what it takes in its 400; the fake answers as OpenAI does (both wordings).
  const reasoningEfforts = { 'gpt-5.1': ['none', 'low', 'medium', 'high'], 'gpt-5': ['minimal', 'low', 'medium', 'high'], 'gpt-4.1': [] as string[] };

  it('Responses: sends again once with the nearest effort the refusal names, and keeps it for the model', async () => {
    const llm = await startFakeLlm({ replies: [], whenEmpty: 'echo', reasoningEfforts });
    try {
      const p = createProvider({ provider: 'openai', apiKey: 'k', baseURL: llm.openaiBaseUrl, wireApi: 'responses', reasoning: { effort: 'minimal' } });
      await run(p, 'gpt-5.1');
      await run(p, 'gpt-5.1');
      await run(p, 'gpt-5');
      const sent = llm.requests.map((r) => [r.body.model, r.body.reasoning?.effort, r.outcome]);
      assert.deepEqual(sent, [
        ['gpt-5.1', 'minimal', 'fault'],
        ['gpt-5.1', 'low', 'complete'],
        ['gpt-5.1', 'low', 'complete'], // remembered: no second refusal
        ['gpt-5', 'minimal', 'complete'], // another model keeps the effort set
      ]);
      // A new setting is tried as set, not replaced by what the old one was mapped to.
      await run(createProvider({ provider: 'openai', apiKey: 'k', baseURL: llm.openaiBaseUrl, wireApi: 'responses', reasoning: { effort: 'high' } }), 'gpt-5.1');
      assert.equal(llm.requests.at(-1)!.body.reasoning.effort, 'high');
    } finally {
      await llm.close();
    }
  });

  it('Chat Completions: the same from its wording; a model that takes no effort gets none', async () => {
    const llm = await startFakeLlm({ replies: [], whenEmpty: 'echo', reasoningEfforts });
    try {
      const p = createProvider({ provider: 'openai', apiKey: 'k', baseURL: llm.openaiBaseUrl, wireApi: 'chat', reasoning: { effort: 'none' } });
      await run(p, 'gpt-5');
      await run(p, 'gpt-4.1');
      await run(p, 'gpt-4.1');
      assert.deepEqual(
        llm.requests.map((r) => [r.body.model, r.body.reasoning_effort, r.outcome]),
        [
          ['gpt-5', 'none', 'fault'],
          ['gpt-5', 'minimal', 'complete'],
          ['gpt-4.1', 'none', 'fault'],
          ['gpt-4.1', undefined, 'complete'],
          ['gpt-4.1', undefined, 'complete'],
        ],
      );
    } finally {
      await llm.close();
    }
  });

  it('another 400 is not retried, and a refusal the retry does not cure is reported', async () => {
    const other = "Unsupported value: 'fast' is not supported. Supported values are: 'auto' and 'default'.";
    const again = "Unsupported value: 'reasoning_effort' does not support 'low' with this model. Supported values are: 'medium'.";
    const llm = await startFakeLlm({
      replies: [
        { fault: { status: 400, message: other } },
        { fault: { status: 400, message: "Unsupported value: 'reasoning_effort' does not support 'high' with this model. Supported values are: 'low'." } },
        { fault: { status: 400, message: again } },
      ],
    });
    try {
      const p = createProvider({ provider: 'openai', apiKey: 'k', baseURL: llm.openaiBaseUrl, wireApi: 'chat', reasoning: { effort: 'high' } });
      await assert.rejects(run(p, 'gpt-5'), /HTTP 400.*'fast'/);
      assert.equal(llm.requests.length, 1, 'a refusal of something else is not an effort problem');
      await assert.rejects(run(p, 'gpt-5'), /HTTP 400.*does not support 'low'/);
      assert.deepEqual(llm.requests.slice(1).map((r) => r.body.reasoning_effort), ['high', 'low'], 'one retry, not a loop');
    } finally {
      await llm.close();
    }
  });
});

describe('provider setup from the environment (Claude Code variables)', () => {
  it('CLAUDE_CODE_USE_BEDROCK=1 selects Bedrock with AWS_REGION and needs no API key', () => {
    const r = resolveProvider({ provider: 'anthropic', model: 'claude-sonnet-5-5', env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-central-1', ANTHROPIC_BEDROCK_BASE_URL: 'http://proxy' } });
    assert.equal(r.config.platform, 'bedrock');
    assert.equal(r.config.region, 'eu-central-1');
    assert.equal(r.config.baseURL, 'http://proxy');
    assert.equal(r.config.apiKey, '');
    assert.equal(r.model, 'anthropic.claude-sonnet-5-5');
  });

  it('keeps Bedrock inference profiles and ARNs as given', () => {
    assert.equal(bedrockModelId('us.anthropic.claude-opus-4-7-v1:0'), 'us.anthropic.claude-opus-4-7-v1:0');
    assert.equal(bedrockModelId('arn:aws:bedrock:us-east-1:1:inference-profile/x'), 'arn:aws:bedrock:us-east-1:1:inference-profile/x');
  });

  it('CLAUDE_CODE_USE_VERTEX=1 selects Vertex with the project and CLOUD_ML_REGION, and says when the project is missing', () => {
    const r = resolveProvider({ provider: 'anthropic', model: 'claude-sonnet-5-5', env: { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'p1', CLOUD_ML_REGION: 'global' } });
    assert.deepEqual([r.config.platform, r.config.projectId, r.config.region, r.model], ['vertex', 'p1', 'global', 'claude-sonnet-5-5']);
    assert.throws(() => resolveProvider({ provider: 'anthropic', model: 'm', env: { CLAUDE_CODE_USE_VERTEX: '1' } }), /ANTHROPIC_VERTEX_PROJECT_ID/);
  });

  it('a platform setting beats the environment; direct still needs its key', () => {
    assert.throws(() => resolveProvider({ provider: 'anthropic', model: 'm', env: { CLAUDE_CODE_USE_BEDROCK: '1' }, settings: { platform: 'direct' } }), /ANTHROPIC_API_KEY/);
  });

  it('Azure OpenAI from AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_API_KEY / OPENAI_API_VERSION', () => {
    const r = resolveProvider({ provider: 'openai', model: 'gpt-5.5', env: { AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com', AZURE_OPENAI_API_KEY: 'az', OPENAI_API_VERSION: '2025-04-01-preview' } });
    assert.deepEqual([r.config.platform, r.config.baseURL, r.config.apiKey, r.config.apiVersion], ['azure', 'https://r.openai.azure.com', 'az', '2025-04-01-preview']);
  });

  it('MAX_THINKING_TOKENS and the reasoning setting become the reasoning options; bad values are refused', () => {
    const r = resolveProvider({ provider: 'anthropic', model: 'm', env: { ANTHROPIC_API_KEY: 'k', MAX_THINKING_TOKENS: '8000' }, settings: { reasoningEffort: 'high' } });
    assert.deepEqual(r.config.reasoning, { effort: 'high', budgetTokens: 8000 });
    assert.throws(() => resolveProvider({ provider: 'anthropic', model: 'm', env: { ANTHROPIC_API_KEY: 'k', MAX_THINKING_TOKENS: 'lots' } }), /whole number/);
  });
});

describe('Bedrock keys from a settings file', () => {
  const AWS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'GOOGLE_APPLICATION_CREDENTIALS'];
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const k of AWS) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
  });
  afterEach(() => {
    for (const k of AWS) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  });

  it("signs with AWS keys given in the settings' env, which the SDK's credential chain would not see", async () => {
    const llm = await startFakeLlm({ replies: [], whenEmpty: 'echo' });
    try {
      const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-north-1', AWS_ACCESS_KEY_ID: 'AKIDSETTINGS', AWS_SECRET_ACCESS_KEY: 'settings-secret', AWS_SESSION_TOKEN: 'tok', ANTHROPIC_BEDROCK_BASE_URL: llm.anthropicBaseUrl };
      const r = resolveProvider({ provider: 'anthropic', model: 'claude-sonnet-5-5', env });
      assert.deepEqual(r.config.awsCredentials, { accessKeyId: 'AKIDSETTINGS', secretAccessKey: 'settings-secret', sessionToken: 'tok' });
      const req: ProviderRequest = { model: r.model, system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 50 };
      for await (const ev of createProvider(r.config).stream(req, new AbortController().signal)) void ev;
      const sent = llm.requests[llm.requests.length - 1];
      assert.match(String(sent.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDSETTINGS\/\d{8}\/eu-north-1\/bedrock\/aws4_request/);
      assert.equal(sent.headers['x-amz-security-token'], 'tok');
      assert.equal(resolveProvider({ provider: 'anthropic', model: 'm', env: { CLAUDE_CODE_USE_BEDROCK: '1' } }).config.awsCredentials, undefined, 'none given: the credential chain');
    } finally {
      await llm.close();
    }
  });
});

describe('Cloud credentials named in a settings file (AWS_PROFILE, GOOGLE_APPLICATION_CREDENTIALS)', () => {
  const VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'GOOGLE_APPLICATION_CREDENTIALS'];
  const saved: Record<string, string | undefined> = {};
  let dir: string;
  let llm: FakeLlm;
  const hi = (model: string): ProviderRequest => ({ model, system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 50 });
  beforeEach(async () => {
    // Only the settings' env names them: the process's own environment has none of them.
    for (const k of VARS) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    dir = mkdtempSync(join(tmpdir(), 'tandem-cloud-creds-'));
    llm = await startFakeLlm({ replies: [], whenEmpty: 'echo' });
  });
  afterEach(async () => {
    for (const k of VARS) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
    await llm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("Bedrock signs with the AWS profile and credentials file the settings' env names", async () => {
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n[work]\naws_access_key_id = AKIDWORKPROFILE\naws_secret_access_key = work-secret\n');
    const config = join(dir, 'config');
    writeFileSync(config, '[profile work]\nregion = eu-west-3\n');
    const env = { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-3', AWS_PROFILE: 'work', AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config, ANTHROPIC_BEDROCK_BASE_URL: llm.anthropicBaseUrl };
    const r = resolveProvider({ provider: 'anthropic', model: 'claude-sonnet-5-5', env });
    assert.deepEqual(r.config.awsProfile, { profile: 'work', credentialsFile: credentials, configFile: config });
    for await (const ev of createProvider(r.config).stream(hi(r.model), new AbortController().signal)) void ev;
    const sent = llm.requests[llm.requests.length - 1];
    assert.match(String(sent.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDWORKPROFILE\/\d{8}\/eu-west-3\/bedrock\/aws4_request/);
    assert.equal(resolveProvider({ provider: 'anthropic', model: 'm', env: { CLAUDE_CODE_USE_BEDROCK: '1' } }).config.awsProfile, undefined, 'none named: the SDK reads the process environment');
  });

  it("Vertex authenticates with the credentials file the settings' env names", async () => {
    const keyFile = join(dir, 'missing-service-account.json');
    const env = { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'p', CLOUD_ML_REGION: 'us-east5', GOOGLE_APPLICATION_CREDENTIALS: keyFile, ANTHROPIC_VERTEX_BASE_URL: `${llm.anthropicBaseUrl}/v1` };
    const r = resolveProvider({ provider: 'anthropic', model: 'claude-sonnet-5-5', env });
    assert.equal(r.config.googleCredentialsFile, keyFile);
    // Google's library reads that file (here missing) before any request: the error names it.
    const failure = await (async () => {
      try {
        for await (const ev of createProvider({ ...r.config, maxRetries: 0 }).stream(hi(r.model), new AbortController().signal)) void ev;
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    assert.ok(failure, 'the request failed');
    const chain: string[] = [];
    for (let e: unknown = failure; e instanceof Error && chain.length < 6; e = (e as { cause?: unknown }).cause) chain.push(e.message);
    assert.match(chain.join(' <- '), /missing-service-account\.json/);
    assert.equal(llm.requests.length, 0, 'nothing was sent without credentials');
  });
});

describe('Claude thinking and context options on the wire', () => {
  let llm: FakeLlm;
  beforeEach(async () => {
    llm = await startFakeLlm({ replies: [], whenEmpty: 'echo' });
  });
  afterEach(() => llm.close());

  async function send(config: Partial<ProviderConfig>, model: string, withTools = true) {
    const p = createProvider({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, ...config });
    const tools = withTools ? [{ name: 'Read', description: 'r', inputSchema: { type: 'object' } }] : undefined;
    for await (const ev of p.stream({ model, system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], tools, maxTokens: 8192 }, new AbortController().signal)) void ev;
    return llm.requests.at(-1)!;
  }

  it('adaptive models get thinking adaptive with summarized display and the effort', async () => {
    const r = await send({ reasoning: { effort: 'xhigh' } }, 'claude-sonnet-5-5');
    assert.deepEqual(r.body.thinking, { type: 'adaptive', display: 'summarized' });
    assert.deepEqual(r.body.output_config, { effort: 'xhigh' });
    assert.equal(r.headers['anthropic-beta'], undefined);
  });

  it('budget models get budget_tokens below max_tokens and the interleaved-thinking beta with tools', async () => {
    const r = await send({ reasoning: { budgetTokens: 16_000 } }, 'claude-sonnet-4-5');
    assert.deepEqual(r.body.thinking, { type: 'enabled', budget_tokens: 16_000 });
    assert.ok(r.body.max_tokens > 16_000);
    assert.equal(r.headers['anthropic-beta'], INTERLEAVED_THINKING_BETA);
  });

  it('the [1m] suffix or the context1m setting sends the 1M beta where the model has it, and the plain id', async () => {
    let r = await send({}, 'claude-sonnet-4-5[1m]', false);
    assert.equal(r.body.model, 'claude-sonnet-4-5');
    assert.equal(r.headers['anthropic-beta'], CONTEXT_1M_BETA);
    r = await send({ context1m: true }, 'claude-sonnet-5-5', false);
    assert.equal(r.headers['anthropic-beta'], undefined, 'native 1M needs no beta');
  });

  it('no reasoning setting sends no thinking fields', async () => {
    const r = await send({}, 'claude-sonnet-5-5');
    assert.equal(r.body.thinking, undefined);
    assert.equal(r.body.output_config, undefined);
  });

  it('sends server-side tools after the function tools, as the vendor spells them', async () => {
    const r = await send({ serverTools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] }, 'claude-sonnet-5-5');
    assert.deepEqual(r.body.tools.map((t: { name: string }) => t.name), ['Read', 'web_search']);
  });
});
