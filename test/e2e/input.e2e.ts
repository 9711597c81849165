// The chat input in the browser: pick a file from the @-mention picker with the keyboard and see its
// content reach the model, queue a message while a reply streams, and clear the chat with /clear.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeLlm } from '../fake-llm/server';
import { browserSuite, patient } from './workbench';
import type { Workbench } from './workbench';

type Block = { type: string; text?: string };

describe('Tandem chat input in the browser', function () {
  let llm: FakeLlm;
  let wb: Workbench | undefined;

  const suite = browserSuite({ key: 'sk-e2e-input', prepare: (w) => {
      writeFileSync(join(w.workspace, 'picked-file.md'), '# Picked\ne2e mention content 7731\n');
      writeFileSync(join(w.workspace, 'other-notes.md'), 'not this one\n');
    } });
  before(() => {
    llm = suite.llm;
    wb = suite.wb;
  });

  const lastUserBlocks = (): Block[] => {
    const msgs = llm.requests[llm.requests.length - 1].body.messages as { role: string; content: Block[] }[];
    return msgs.filter((m) => m.role === 'user').at(-1)!.content;
  };

  it('picks a file from the @ picker with the keyboard and sends its content to the model', async () => {
    const chat = wb!.chat();
    const input = chat.getByTestId('prompt-input');
    await input.click();
    await input.pressSequentially('Summarize @pickfi', { delay: 30 });
    const picker = chat.getByTestId('mention-picker');
    const item = picker.locator('[data-testid="mention-item"][data-token="picked-file.md"]');
    await item.waitFor({ timeout: patient(15_000) });
    // Walk the list with the arrows back to the file, then take it with Tab.
    const tokens = await picker.locator('[data-testid="mention-item"]').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { token: string } }).dataset.token));
    const index = tokens.indexOf('picked-file.md');
    await input.press('ArrowDown');
    await input.press('ArrowUp');
    for (let i = 0; i < index; i++) await input.press('ArrowDown');
    assert.equal(await picker.locator('[aria-selected="true"]').getAttribute('data-token'), 'picked-file.md');
    await input.press('Tab');
    await picker.waitFor({ state: 'detached' });
    assert.equal(await input.inputValue(), 'Summarize @picked-file.md ');
    await input.pressSequentially('briefly', { delay: 10 });

    llm.push({ content: [{ type: 'text', text: 'It is about a picked file.' }] });
    await input.press('Enter');
    await chat.getByTestId('msg-user').filter({ hasText: 'Summarize @picked-file.md briefly' }).waitFor();
    await chat.getByText('It is about a picked file.').waitFor({ timeout: patient(15_000) });
    const blocks = lastUserBlocks();
    assert.equal(blocks[0].text, 'Summarize @picked-file.md briefly');
    const context = blocks.slice(1).map((b) => b.text ?? '').join('\n');
    assert.match(context, /<context type="file" path="picked-file.md">\n# Picked\ne2e mention content 7731\n/);
    assert.ok(!context.includes('not this one'));
  });

  it('Esc closes the picker and leaves the text as typed', async () => {
    const chat = wb!.chat();
    const input = chat.getByTestId('prompt-input');
    await input.pressSequentially('mail @nobody', { delay: 20 });
    await chat.getByTestId('mention-picker').waitFor();
    await input.press('Escape');
    await chat.getByTestId('mention-picker').waitFor({ state: 'detached' });
    assert.equal(await input.inputValue(), 'mail @nobody');
    await input.fill('');
  });

  it('queues a message typed while the agent answers and sends it when the reply ends', async () => {
    const chat = wb!.chat();
    const input = chat.getByTestId('prompt-input');
    const before = llm.requests.length;
    llm.push({ content: [{ type: 'text', text: Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ') }], delayMs: 120 }, { content: [{ type: 'text', text: 'Queued reply done.' }] });
    await input.fill('Count slowly');
    await input.press('Enter');
    await chat.getByTestId('msg-assistant').last().getByText('w2', { exact: false }).waitFor({ timeout: patient(15_000) });
    await input.fill('then this one');
    await input.press('Enter');
    const chip = chat.getByTestId('queued-chip').filter({ hasText: 'then this one' });
    await chip.waitFor({ timeout: patient(10_000) });
    assert.equal(llm.requests.length, before + 1, 'the queued message waits for the turn');
    assert.equal(await input.inputValue(), '', 'the input is free for the next message');
    await chat.getByText('Queued reply done.').waitFor({ timeout: patient(30_000) });
    await chip.waitFor({ state: 'detached' });
    assert.equal(llm.requests.length, before + 2);
    assert.equal(llm.requests[before].outcome, 'complete', 'the first reply ran to its end');
    assert.equal(lastUserBlocks()[0].text, 'then this one');
  });

  it('/clear from the slash menu empties the transcript', async () => {
    const chat = wb!.chat();
    const input = chat.getByTestId('prompt-input');
    assert.ok((await chat.getByTestId('msg-user').count()) > 0);
    await input.pressSequentially('/cle', { delay: 30 });
    const menu = chat.getByTestId('slash-menu');
    await menu.waitFor();
    assert.equal(await menu.locator('[aria-selected="true"]').getAttribute('data-command'), 'clear');
    await input.press('Enter');
    await chat.getByTestId('empty-state').waitFor({ timeout: patient(10_000) });
    assert.equal(await chat.getByTestId('msg-user').count(), 0);
    assert.equal(await input.inputValue(), '');
  });
});
