// The provider settings in a real VS Code: tandem.provider, the wire API and the reasoning effort /
// thinking budget reach the request the fake server sees, and the header's model picker lists the
// chosen provider's models.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../src/extension/chatController';
import type { HostToWebview } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, waitFor } from './util';

const SETTINGS = ['provider', 'baseUrl', 'model', 'openaiWireApi', 'reasoningEffort', 'thinkingBudget'] as const;

describe('Provider settings reach the request', () => {
  let chat: ChatController;
  let llm: FakeLlm;
  let posted: HostToWebview[];
  const config = () => vscode.workspace.getConfiguration('tandem');
  const set = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);

  before(async () => {
    chat = (await activateTandem()).chat;
    llm = await startFakeLlm();
  });
  after(async () => {
    chat.attach(undefined);
    for (const k of SETTINGS) await set(k, undefined);
    await llm.close();
  });
  beforeEach(() => {
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
  });

  const lastRequest = () => llm.requests[llm.requests.length - 1];

  it('Anthropic: the reasoning effort becomes adaptive thinking with that effort', async () => {
    await set('provider', 'anthropic');
    await set('model', 'claude-sonnet-5-5');
    await set('reasoningEffort', 'high');
    await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-ant-settings', baseUrl: llm.anthropicBaseUrl });
    llm.push({ content: [{ type: 'text', text: 'Thought about it.' }] });
    await chat.receive({ type: 'send', text: 'Think hard' });
    const req = lastRequest();
    assert.equal(req.path, '/v1/messages');
    assert.deepEqual(req.body.thinking, { type: 'adaptive', display: 'summarized' });
    assert.deepEqual(req.body.output_config, { effort: 'high' });
  });

  it('Anthropic: a thinking budget on an older model becomes budget_tokens', async () => {
    await set('reasoningEffort', undefined);
    await set('model', 'claude-opus-4-1');
    await set('thinkingBudget', 6000);
    llm.push({ content: [{ type: 'text', text: 'Budgeted.' }] });
    await chat.receive({ type: 'send', text: 'Think within a budget' });
    const req = lastRequest();
    assert.deepEqual(req.body.thinking, { type: 'enabled', budget_tokens: 6000 });
    assert.ok(req.body.max_tokens > 6000, 'max_tokens leaves room above the budget');
  });

  it('OpenAI on the Responses API: reasoning.effort from the setting; the picker lists OpenAI models', async () => {
    await set('thinkingBudget', undefined);
    await set('provider', 'openai');
    await set('model', 'gpt-5.5');
    await set('openaiWireApi', 'responses');
    await set('reasoningEffort', 'low');
    await chat.receive({ type: 'saveSetup', provider: 'openai', apiKey: 'sk-openai-settings', baseUrl: llm.openaiBaseUrl });
    llm.push({ content: [{ type: 'text', text: 'Reasoned lightly.' }] });
    await chat.receive({ type: 'send', text: 'Reason a little' });
    const req = lastRequest();
    assert.equal(req.path, '/v1/responses');
    assert.equal(req.headers.authorization, 'Bearer sk-openai-settings');
    assert.equal(req.body.reasoning?.effort, 'low');
    assert.equal(req.body.store, false);
    const setup = await waitFor('a setup state for OpenAI', () => [...posted].reverse().find((m): m is Extract<HostToWebview, { type: 'setup' }> => m.type === 'setup' && m.state.provider === 'openai'));
    const models = setup.state.models ?? [];
    assert.ok(models.includes('gpt-5.3-codex'), models.join());
    assert.ok(!models.some((m) => m.startsWith('claude')), models.join());
    assert.equal(setup.state.providerLabel, 'OpenAI');
  });

  it('Bedrock needs no key (the AWS credentials sign): the panel counts it configured and lists Claude models', async () => {
    await set('provider', 'bedrock');
    await set('model', undefined);
    await chat.receive({ type: 'ready' });
    const setup = await waitFor('a Bedrock setup state', () => [...posted].reverse().find((m): m is Extract<HostToWebview, { type: 'setup' }> => m.type === 'setup' && m.state.providerLabel === 'Claude on Amazon Bedrock'));
    assert.equal(setup.state.configured, true);
    assert.equal(setup.state.provider, 'anthropic');
    const models = setup.state.models ?? [];
    assert.ok(models.length > 3 && models.every((m) => m.startsWith('claude')), models.join());
  });

  it("the user's settings.json decides as in the CLI: its env's ANTHROPIC_MODEL and its reasoningEffort", async () => {
    const dir = join(homedir(), '.tandem');
    const file = join(dir, 'settings.json');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ env: { ANTHROPIC_MODEL: 'claude-opus-5-5' }, reasoningEffort: 'low' }));
    try {
      await set('provider', 'anthropic');
      await set('baseUrl', llm.anthropicBaseUrl);
      await set('model', undefined);
      await set('reasoningEffort', undefined);
      llm.push({ content: [{ type: 'text', text: 'From the settings file.' }] });
      await chat.receive({ type: 'send', text: 'Which model?' });
      const req = lastRequest();
      assert.equal(req.body.model, 'claude-opus-5-5');
      assert.deepEqual(req.body.output_config, { effort: 'low' });
      // VS Code's own setting wins over the file, as a CLI flag does.
      await set('reasoningEffort', 'max');
      llm.push({ content: [{ type: 'text', text: 'Harder.' }] });
      await chat.receive({ type: 'send', text: 'Think harder' });
      assert.deepEqual(lastRequest().body.output_config, { effort: 'max' });
    } finally {
      if (before === undefined) rmSync(file, { force: true });
      else writeFileSync(file, before);
    }
  });
});
