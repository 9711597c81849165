// The provider choices of VS Code's tandem.provider setting (core/llm/platforms.ts): each reaches
// the ProviderConfig the CLI would build from the same flags and variables, and the model picker
// lists the chosen vendor's models.
import { strict as assert } from 'node:assert';
import { createProvider } from '../../src/core/llm';
import type { ProviderRequest } from '../../src/core/llm';
import { setUserModels } from '../../src/core/llm/models';
import { GEMINI_OPENAI_BASE_URL, keyNeeded, modelsForChoice, PROVIDER_CHOICES, resolveChoice } from '../../src/core/llm/platforms';
import { DEFAULT_MODELS } from '../../src/core/llm/types';
import { startFakeLlm } from '../fake-llm/server';

describe('provider choices (tandem.provider)', () => {
  afterEach(() => setUserModels([]));

  it('Bedrock: the region field, no key needed, the model with its anthropic. prefix', () => {
    const r = resolveChoice({ choice: 'bedrock', model: 'claude-sonnet-5-5', fields: { region: 'eu-west-3' }, env: { AWS_REGION: 'us-west-2' } });
    assert.deepEqual([r.config.provider, r.config.platform, r.config.region, r.model], ['anthropic', 'bedrock', 'eu-west-3', 'anthropic.claude-sonnet-5-5']);
    assert.equal(r.config.apiKey, '');
    assert.equal(resolveChoice({ choice: 'bedrock', env: { AWS_REGION: 'us-west-2' } }).config.region, 'us-west-2', 'the environment when the field is empty');
  });

  it('Vertex AI: project and region fields; without a project it says what to set', () => {
    const r = resolveChoice({ choice: 'vertex', fields: { projectId: 'proj-1', region: 'europe-west1' }, env: {} });
    assert.deepEqual([r.config.platform, r.config.projectId, r.config.region, r.model], ['vertex', 'proj-1', 'europe-west1', DEFAULT_MODELS.anthropic]);
    assert.throws(() => resolveChoice({ choice: 'vertex', env: {} }), /ANTHROPIC_VERTEX_PROJECT_ID/);
  });

  it('Gemini: its OpenAI-compatible endpoint on Chat Completions, GEMINI_API_KEY, its default model', () => {
    const r = resolveChoice({ choice: 'gemini', env: { GEMINI_API_KEY: 'g-key', OPENAI_API_KEY: 'o-key' } });
    assert.deepEqual([r.config.provider, r.config.baseURL, r.config.wireApi, r.config.apiKey, r.model], ['openai', GEMINI_OPENAI_BASE_URL, 'chat', 'g-key', 'gemini-3.8-flash']);
    assert.throws(() => resolveChoice({ choice: 'gemini', env: { OPENAI_API_KEY: 'o-key' } }), /No API key/, 'an OpenAI key is not sent to Google');
  });

  it('Azure OpenAI: the endpoint as base URL, the api-version field, AZURE_OPENAI_API_KEY', () => {
    const r = resolveChoice({ choice: 'azure', model: 'my-deployment', baseURL: 'https://res.openai.azure.com', fields: { apiVersion: '2025-05-01' }, env: { AZURE_OPENAI_API_KEY: 'az' } });
    assert.deepEqual([r.config.platform, r.config.baseURL, r.config.apiVersion, r.config.apiKey, r.model], ['azure', 'https://res.openai.azure.com', '2025-05-01', 'az', 'my-deployment']);
  });

  it('an OpenAI-compatible server speaks Chat Completions unless the wire setting says otherwise', () => {
    const env = { OPENAI_API_KEY: 'k' };
    assert.equal(resolveChoice({ choice: 'openai-compatible', baseURL: 'http://localhost:8000/v1', env }).config.wireApi, 'chat');
    assert.equal(resolveChoice({ choice: 'openai-compatible', baseURL: 'http://localhost:8000/v1', settings: { openaiWireApi: 'responses' }, env }).config.wireApi, 'responses');
    assert.equal(resolveChoice({ choice: 'openai', env }).config.wireApi, undefined, 'OpenAI itself: chosen per base URL and model');
  });

  it('"anthropic" follows CLAUDE_CODE_USE_BEDROCK as Claude Code does, and its key does not go to Bedrock', () => {
    const r = resolveChoice({ choice: 'anthropic', apiKey: 'sk-ant', env: { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'ap-south-1' } });
    assert.deepEqual([r.config.platform, r.config.region, r.config.apiKey], ['bedrock', 'ap-south-1', '']);
    assert.equal(resolveChoice({ choice: 'anthropic', apiKey: 'sk-ant', env: {} }).config.apiKey, 'sk-ant');
  });

  it('a key is needed except where Bedrock or Vertex serve Claude (chosen, or selected by CLAUDE_CODE_USE_* or a settings file)', () => {
    assert.deepEqual(PROVIDER_CHOICES.filter((c) => !keyNeeded(c, {})), ['bedrock', 'vertex']);
    assert.equal(keyNeeded('anthropic', { CLAUDE_CODE_USE_VERTEX: '1' }), false);
    assert.equal(keyNeeded('anthropic', {}, { platform: 'bedrock' }), false);
    assert.equal(keyNeeded('openai', {}, { platform: 'bedrock' }), true, 'a Claude platform does not apply to OpenAI');
  });

  it("a settings file's platform applies only where it fits the family, and never over the choice's own", () => {
    assert.equal(resolveChoice({ choice: 'anthropic', settings: { platform: 'bedrock' }, env: {} }).config.platform, 'bedrock');
    assert.equal(resolveChoice({ choice: 'openai', settings: { platform: 'vertex' }, env: { OPENAI_API_KEY: 'k' } }).config.platform, 'direct');
    assert.equal(resolveChoice({ choice: 'bedrock', settings: { platform: 'direct' }, env: {} }).config.platform, 'bedrock');
    assert.equal(resolveChoice({ choice: 'openai', settings: { platform: 'azure' }, baseURL: 'https://r.openai.azure.com', env: { AZURE_OPENAI_API_KEY: 'az' } }).config.platform, 'azure');
  });

  it('reasoning effort, thinking budget and the 1M context reach the config', () => {
    const r = resolveChoice({ choice: 'anthropic', apiKey: 'k', settings: { reasoningEffort: 'high', thinkingBudget: 8000, context1m: true }, env: {} });
    assert.deepEqual(r.config.reasoning, { effort: 'high', budgetTokens: 8000 });
    assert.equal(r.config.context1m, true);
  });

  it("the model picker lists the chosen vendor's models, the user's models and the current one", () => {
    setUserModels([{ id: 'qwen3-coder:30b', contextWindow: 32_768 }]);
    const claude = modelsForChoice('bedrock', 'claude-opus-4-5');
    assert.equal(claude[0], DEFAULT_MODELS.anthropic);
    assert.ok(claude.every((m) => m.startsWith('claude') || m === 'qwen3-coder:30b'), claude.join());
    const openai = modelsForChoice('azure', 'gpt-5.5');
    assert.ok(openai.includes('gpt-5.3-codex') && !openai.some((m) => m.startsWith('claude') || m.startsWith('gemini')), openai.join());
    const gemini = modelsForChoice('gemini', 'gemini-3.8-flash');
    assert.ok(gemini.length > 1 && gemini.every((m) => m.startsWith('gemini') || m === 'qwen3-coder:30b'), gemini.join());
    assert.deepEqual(modelsForChoice('openai-compatible', 'llama3.1:8b'), [DEFAULT_MODELS.openai, 'qwen3-coder:30b', 'llama3.1:8b']);
    for (const c of PROVIDER_CHOICES) assert.ok(modelsForChoice(c, 'x-current').includes('x-current'), c);
  });

  it('each choice reaches the wire with its reasoning setting (fake server)', async () => {
    const llm = await startFakeLlm({ replies: [], whenEmpty: 'echo' });
    try {
      const req = (model: string): ProviderRequest => ({ model, system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 100 });
      const send = async (r: ReturnType<typeof resolveChoice>) => {
        for await (const ev of createProvider(r.config).stream(req(r.model), new AbortController().signal)) void ev;
        return llm.requests[llm.requests.length - 1];
      };
      const gemini = await send(resolveChoice({ choice: 'gemini', baseURL: llm.openaiBaseUrl, settings: { reasoningEffort: 'low' }, env: { GEMINI_API_KEY: 'g-key' } }));
      assert.deepEqual([gemini.path, gemini.headers.authorization, gemini.body.reasoning_effort], ['/v1/chat/completions', 'Bearer g-key', 'low']);
      const openai = await send(resolveChoice({ choice: 'openai', baseURL: llm.openaiBaseUrl, settings: { reasoningEffort: 'xhigh', openaiWireApi: 'responses' }, env: { OPENAI_API_KEY: 'o-key' } }));
      assert.deepEqual([openai.path, openai.body.reasoning?.effort], ['/v1/responses', 'xhigh']);
      const claude = await send(resolveChoice({ choice: 'anthropic', baseURL: llm.anthropicBaseUrl, settings: { reasoningEffort: 'medium' }, env: { ANTHROPIC_API_KEY: 'a-key' } }));
      assert.deepEqual([claude.path, claude.body.thinking?.type, claude.body.output_config?.effort], ['/v1/messages', 'adaptive', 'medium']);
    } finally {
      await llm.close();
    }
  });
});
