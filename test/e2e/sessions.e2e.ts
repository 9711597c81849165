// The chat's header and history in the browser: two conversations, then History → search → Resume
// brings the first one back; the model picker changes the model the next request uses, and the
// header shows the context used and the cost. The model is test/fake-llm, reached through the real SDK.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeLlm } from '../fake-llm/server';
import { browserSuite, RESULTS, runCommand, patient } from './workbench';
import type { Workbench } from './workbench';

describe('Tandem chat header and session history in the browser', function () {
  let llm: FakeLlm;
  let wb: Workbench | undefined;

  const suite = browserSuite({ key: 'sk-e2e-sessions' });
  before(() => {
    llm = suite.llm;
    wb = suite.wb;
  });

  async function ask(text: string, reply: string): Promise<void> {
    llm.push({ content: [{ type: 'text', text: reply }] });
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill(text);
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.getByText(reply).waitFor({ timeout: patient(15_000) });
    await chat.getByTestId('send-button').waitFor();
  }

  it('finds an earlier session in History by its title and resumes it with its messages', async () => {
    await ask('Plan the picnic for Saturday', 'Bring sandwiches and a blanket.');
    await runCommand(wb!, 'Tandem: New Chat');
    const chat = wb!.chat();
    await chat.getByTestId('empty-state').waitFor({ timeout: patient(15_000) });
    await ask('Fix the bicycle brakes', 'Tighten the cable.');

    await chat.getByTestId('history-button').click();
    const rows = chat.getByTestId('session-row');
    await rows.first().waitFor({ timeout: patient(15_000) });
    assert.equal(await rows.count(), 2);
    assert.match(await rows.first().getByTestId('session-title').innerText(), /Fix the bicycle brakes/, 'newest first');
    mkdirSync(RESULTS, { recursive: true });
    await wb!.page.screenshot({ path: join(RESULTS, 'session-history.png') });
    await chat.getByTestId('session-search').fill('PICNIC');
    await chat.locator('[data-testid="session-row"]', { hasText: 'bicycle' }).waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 1, 'the search filters by title');
    assert.match(await rows.first().innerText(), /Plan the picnic for Saturday[\s\S]*2 messages/);
    await chat.getByTestId('session-search').fill('no such words');
    await chat.getByTestId('session-empty').waitFor();
    await chat.getByTestId('session-search').fill('picnic');
    await rows.first().getByTestId('session-resume').click();

    await chat.getByTestId('msg-user').filter({ hasText: 'Plan the picnic for Saturday' }).waitFor({ timeout: patient(15_000) });
    await chat.getByText('Bring sandwiches and a blanket.').waitFor();
    assert.equal(await chat.getByText('Fix the bicycle brakes').count(), 0, 'the other conversation is gone from view');

    // Continuing the resumed session sends its earlier messages along.
    await ask('And if it rains?', 'Take umbrellas.');
    const texts = (llm.requests.at(-1)!.body.messages as { content: { text?: string }[] }[]).map((m) => m.content.map((b) => b.text ?? '').join(''));
    assert.deepEqual(texts, ['Plan the picnic for Saturday', 'Bring sandwiches and a blanket.', 'And if it rains?']);
  });

  it('picks a model in the header: the next request uses it and the header shows tokens and cost', async () => {
    const chat = wb!.chat();
    const usage = chat.getByTestId('usage');
    // The default model is in the model table: context used against its window, and a cost.
    assert.match(await usage.innerText(), /^\d+(\.\d)?k? \/ [\d.]+[kM] tokens( · .+)?$/);
    // A fresh chat, so its cost covers only the model picked below.
    await runCommand(wb!, 'Tandem: New Chat');
    await chat.getByTestId('empty-state').waitFor({ timeout: patient(15_000) });
    const picker = chat.getByTestId('model-select');
    assert.equal(await picker.inputValue(), 'claude-sonnet-5-5');
    await picker.selectOption('claude-haiku-4-5');
    // The picker shows what the host confirms (the tandem.model setting), not just what was clicked.
    await chat.locator('[data-testid="model-select"] option:checked', { hasText: 'claude-haiku-4-5' }).waitFor({ state: 'attached', timeout: patient(15_000) });

    llm.push({ content: [{ type: 'text', text: 'Haiku answering.' }], usage: { input: 12_000, output: 300, cacheRead: 300 } });
    const chatInput = chat.getByTestId('prompt-input');
    await chatInput.fill('Who is answering?');
    await chatInput.press('Enter');
    await chat.getByText('Haiku answering.').waitFor({ timeout: patient(15_000) });
    assert.equal(llm.requests.at(-1)!.body.model, 'claude-haiku-4-5');
    await chat.locator('[data-testid="usage"]', { hasText: '12.3k / 200k tokens · $0.01' }).waitFor({ timeout: patient(10_000) });
  });

  /** Types a slash command into the chat input and runs it with Enter, as a user would. */
  async function slash(command: string): Promise<void> {
    const input = wb!.chat().getByTestId('prompt-input');
    await input.fill('');
    await input.pressSequentially(command, { delay: 20 });
    await input.press('Enter');
  }

  it('/model and /resume without an argument ask in a quick pick, and act on the choice', async () => {
    const chat = wb!.chat();
    const page = wb!.page;
    const quickInput = page.locator('.quick-input-widget');
    await slash('/model');
    await quickInput.locator('.quick-input-title', { hasText: 'Tandem: model' }).waitFor({ timeout: patient(15_000) });
    await quickInput.locator('input').fill('opus-4-5');
    await quickInput.locator('.monaco-list-row', { hasText: 'claude-opus-4-5' }).first().waitFor();
    await page.keyboard.press('Enter');
    await chat.locator('[data-testid="model-select"] option:checked', { hasText: 'claude-opus-4-5' }).waitFor({ state: 'attached', timeout: patient(15_000) });

    await slash('/resume');
    await quickInput.locator('.quick-input-title', { hasText: 'Tandem: resume a chat' }).waitFor({ timeout: patient(15_000) });
    // The chat open here is not offered; the two earlier ones are, newest first.
    const rows = quickInput.locator('.monaco-list-row');
    await rows.first().waitFor();
    const labels = await rows.allInnerTexts();
    assert.ok(labels.some((l) => l.includes('Fix the bicycle brakes')) && labels.some((l) => l.includes('Plan the picnic')), labels.join(' | '));
    assert.ok(!labels.some((l) => l.includes('Who is answering?')), 'the session open in this chat is left out');
    await quickInput.locator('input').fill('bicycle');
    await quickInput.locator('.monaco-list-row', { hasText: 'Fix the bicycle brakes' }).first().waitFor();
    await page.keyboard.press('Enter');
    await chat.getByTestId('msg-user').filter({ hasText: 'Fix the bicycle brakes' }).waitFor({ timeout: patient(15_000) });
    await chat.getByText('Tighten the cable.').waitFor();
    assert.equal(await chat.getByText('Who is answering?').count(), 0);

    // The next message goes to the chosen model with the resumed conversation.
    await ask('Which tool?', 'A hex key.');
    const last = llm.requests.at(-1)!.body;
    assert.equal(last.model, 'claude-opus-4-5');
    assert.deepEqual((last.messages as { content: { text?: string }[] }[]).map((m) => m.content.map((b) => b.text ?? '').join('')), ['Fix the bicycle brakes', 'Tighten the cable.', 'Which tool?']);
  });
});
