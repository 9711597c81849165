// The model table: the defaults are priced, user models override and extend it, unknown models
// get a conservative context window and no cost.
import { strict as assert } from 'node:assert';
import { CONSERVATIVE_CONTEXT_WINDOW, contextWindowFor, costUsd, KNOWN_MODELS, modelInfo, setUserModels } from '../../src/core/llm/models';
import { CHOICES } from '../../src/core/llm/platforms';
import { DEFAULT_MODELS } from '../../src/core/llm/types';

const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) => ({ inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens });

describe('model table', () => {
  afterEach(() => setUserModels([]));

  it('knows every default model with a window and list prices', () => {
    for (const model of Object.values(DEFAULT_MODELS)) {
      const info = KNOWN_MODELS[model];
      assert.ok(info, `${model} is in the table`);
      assert.ok(info.contextWindow >= 200_000);
      assert.ok(costUsd(model, usage(1, 1)) !== undefined, `${model} has a price`);
    }
  });

  it('prices Claude Sonnet 5.5 at $2 / $10, $0.10 cache reads (since 2026-10-07) and $2.50 cache writes per MTok', () => {
    assert.equal(costUsd('claude-sonnet-5-5', usage(1_000_000, 1_000_000, 1_000_000, 1_000_000)), 2 + 10 + 0.1 + 2.5);
  });

  it("has each vendor's current lineup, every default of every provider choice, all with a window and prices", () => {
    const current = ['claude-fable-5-2', 'claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'gpt-6.2-astra', 'gpt-6.2-sol', 'gpt-6.1-terra', 'gpt-6-luna', 'gpt-5.3-codex', 'gemini-3.8-flash', 'gemini-3.1-pro-preview'];
    for (const id of [...current, ...Object.values(CHOICES).map((c) => c.defaultModel)]) assert.ok(KNOWN_MODELS[id], id);
    for (const [id, info] of Object.entries(KNOWN_MODELS)) {
      assert.ok(info.contextWindow >= 128_000, `${id} window`);
      assert.ok(info.input! > 0 && info.output! > info.input!, `${id} prices`);
      if (info.cacheRead !== undefined) assert.ok(info.cacheRead < info.input!, `${id} cache reads cost less than input`);
    }
  });

  it('finds dated snapshots and cloud model ids', () => {
    assert.equal(modelInfo('claude-sonnet-4-5-20250929')?.input, 3);
    assert.equal(modelInfo('anthropic.claude-sonnet-5-5')?.input, 2);
    assert.equal(modelInfo('us.anthropic.claude-opus-4-7-v1:0')?.input, 5);
    assert.equal(modelInfo('claude-sonnet-4-5@20250929')?.input, 3);
    assert.equal(modelInfo('gpt-4o-2024-08-06')?.input, 2.5);
  });

  it('gives the [1m] suffix the 1M window where the model has it as a beta', () => {
    assert.equal(modelInfo('claude-sonnet-4-5')?.contextWindow, 200_000);
    assert.equal(modelInfo('claude-sonnet-4-5[1m]')?.contextWindow, 1_000_000);
    assert.equal(modelInfo('claude-haiku-4-5[1m]')?.contextWindow, 200_000, 'no 1M beta for Haiku 4.5');
  });

  it('prices the Responses-only codex models, and cache reads at the input rate where no cache rate is listed', () => {
    assert.equal(modelInfo('gpt-5.3-codex')?.contextWindow, 400_000);
    assert.equal(costUsd('gpt-5.3-codex', usage(1_000_000, 1_000_000)), 1.75 + 14);
    assert.equal(costUsd('gpt-6.2-astra', usage(0, 0, 1_000_000)), 8, 'GPT-6.2 Astra lists no cache rate: reads at input');
    assert.equal(costUsd('gpt-6.2-sol', usage(0, 0, 1_000_000)), 0.1);
  });

  it('an unknown model gets a conservative window, flagged as assumed, and no cost', () => {
    assert.equal(modelInfo('qwen3-coder:30b'), undefined);
    assert.deepEqual(contextWindowFor('qwen3-coder:30b'), { tokens: CONSERVATIVE_CONTEXT_WINDOW, assumed: true });
    assert.equal(costUsd('qwen3-coder:30b', usage(1000, 1000)), undefined);
  });

  it('user models add local models and override the table; bad numbers are ignored', () => {
    setUserModels([
      { id: 'qwen3-coder:30b', contextWindow: 262_144 },
      { id: 'my-proxy-model', contextWindow: 64_000, input: 1, output: 2 },
      { id: 'claude-sonnet-5-5', input: 1.5 },
      { id: 'broken', contextWindow: -5, input: Number.NaN },
    ]);
    assert.deepEqual(contextWindowFor('qwen3-coder:30b'), { tokens: 262_144, assumed: false });
    assert.equal(costUsd('qwen3-coder:30b', usage(1000, 1000)), undefined, 'a window alone gives no price');
    assert.equal(costUsd('my-proxy-model', usage(1_000_000, 1_000_000)), 3);
    const sonnet = modelInfo('claude-sonnet-5-5')!;
    assert.equal(sonnet.input, 1.5, 'the user price wins');
    assert.equal(sonnet.output, 10, 'the rest stays from the table');
    assert.deepEqual(modelInfo('broken'), { contextWindow: CONSERVATIVE_CONTEXT_WINDOW });
  });
});
