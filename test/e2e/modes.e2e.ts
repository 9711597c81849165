// Permission modes and forking in the browser: the mode select decides whether the next Write waits
// for review, lands at once, or is refused (plan mode); "Fork from here" opens a chat in an editor tab
// with the conversation up to that message. The model is test/fake-llm, reached through the real SDK.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { FakeLlm } from '../fake-llm/server';
import { activationLines, browserSuite, findChat, runCommand, patient } from './workbench';
import type { Workbench } from './workbench';

describe('Tandem permission modes and forking in the browser', function () {
  let llm: FakeLlm;
  let wb: Workbench | undefined;

  const suite = browserSuite({ key: 'sk-e2e-modes' });
  before(() => {
    llm = suite.llm;
    wb = suite.wb;
  });

  async function send(text: string): Promise<void> {
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill(text);
    await chat.getByTestId('prompt-input').press('Enter');
  }

  /** Picks a mode and waits until the select shows what the host confirmed. */
  async function pickMode(mode: string): Promise<void> {
    const chat = wb!.chat();
    await chat.getByTestId('mode-select').selectOption(mode);
    await chat.locator(`[data-testid="mode-select"] option[value="${mode}"]:checked`).waitFor({ state: 'attached', timeout: patient(15_000) });
  }

  async function waitForFile(file: string, content: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + patient(ms);
    while (!(existsSync(file) && readFileSync(file, 'utf8') === content) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  it('the mode switch changes what the next tool call needs', async () => {
    const chat = wb!.chat();
    const ws = wb!.workspace;
    const reviewed = join(ws, 'reviewed.txt');
    const direct = join(ws, 'direct.txt');
    const planned = join(ws, 'planned.txt');

    // Default mode: the Write waits for review and nothing is on disk until the user accepts.
    assert.equal(await chat.getByTestId('mode-select').inputValue(), 'default');
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_mode_w1', name: 'Write', input: { file_path: reviewed, content: 'reviewed\n' } }] },
      { content: [{ type: 'text', text: 'Wrote reviewed.txt.' }] },
    );
    await send('Write reviewed.txt');
    const card = chat.locator('[data-testid="proposal-card"]').first();
    const acceptAll = card.getByTestId('proposal-accept-all');
    await acceptAll.waitFor({ timeout: patient(20_000) });
    assert.equal(await card.getAttribute('data-status'), 'pending');
    assert.ok(!existsSync(reviewed), 'the proposed file is not on disk before review');
    await acceptAll.click();
    await chat.getByText('Wrote reviewed.txt.').waitFor({ timeout: patient(15_000) });
    await waitForFile(reviewed, 'reviewed\n');
    assert.equal(readFileSync(reviewed, 'utf8'), 'reviewed\n');
    await chat.getByTestId('send-button').waitFor();

    // Accept edits: the next Write lands at once, without a review step.
    await pickMode('acceptEdits');
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_mode_w2', name: 'Write', input: { file_path: direct, content: 'direct\n' } }] },
      { content: [{ type: 'text', text: 'Wrote direct.txt.' }] },
    );
    await send('Write direct.txt');
    await chat.getByText('Wrote direct.txt.').waitFor({ timeout: patient(20_000) });
    await waitForFile(direct, 'direct\n');
    assert.equal(readFileSync(direct, 'utf8'), 'direct\n', 'the write landed without review');
    assert.equal(await chat.locator('[data-testid="proposal-card"] [data-testid="proposal-accept-all"]').count(), 0, 'no card waits for review');
    await chat.getByTestId('send-button').waitFor();

    // Plan mode: the Write is refused and the model hears why.
    await pickMode('plan');
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_mode_w3', name: 'Write', input: { file_path: planned, content: 'planned\n' } }] },
      { content: [{ type: 'text', text: 'Here is the plan instead.' }] },
    );
    await send('Write planned.txt');
    await chat.getByText('Here is the plan instead.').waitFor({ timeout: patient(20_000) });
    assert.ok(!existsSync(planned), 'plan mode wrote nothing');
    const result = llm.requests.at(-1)!.body.messages.at(-1).content[0];
    assert.equal(result.tool_use_id, 'tu_mode_w3');
    assert.match(JSON.stringify(result.content), /plan mode/);
    await chat.getByTestId('send-button').waitFor();
    await pickMode('default');
  });

  it('fork from a user message rebuilds the transcript', async () => {
    await runCommand(wb!, 'Tandem: New Chat');
    const chat = wb!.chat();
    await chat.getByTestId('empty-state').waitFor({ timeout: patient(15_000) });
    for (const [q, a] of [
      ['Name a colour', 'Teal.'],
      ['Name a fruit', 'Quince.'],
    ]) {
      llm.push({ content: [{ type: 'text', text: a }] });
      await send(q);
      await chat.getByText(a).waitFor({ timeout: patient(15_000) });
      await chat.getByTestId('send-button').waitFor();
    }
    await chat.getByTestId('msg-user').filter({ hasText: 'Name a fruit' }).getByTestId('fork-button').click();

    // The fork opens in an editor tab: a second webview, told apart from the panel by its content.
    const fork = await findChat(wb!, isFork, 'a chat with only the messages before the fork point');
    await fork.getByTestId('msg-user').filter({ hasText: 'Name a colour' }).waitFor();
    assert.equal(await fork.getByTestId('msg-user').filter({ hasText: 'Name a fruit' }).count(), 0, 'the fork point and what follows are not in the fork');
    // The forked message waits in the input, to be edited and sent again.
    await fork.locator('[data-testid="prompt-input"]').waitFor();
    assert.equal(await fork.getByTestId('prompt-input').inputValue(), 'Name a fruit');
    assert.equal(await fork.getByText('Quince.').count(), 0);
    // The original chat keeps its whole conversation (wb.chat() is ambiguous now: two webviews).
    const panel = await findChat(wb!, isWhole, 'the side-bar chat with the whole conversation');
    await panel.getByText('Quince.').waitFor();
  });

  /** The fork: only the first exchange. The side bar: both. */
  const isFork = async (c: FrameLocator) => (await c.getByTestId('msg-user').count()) === 1 && (await c.getByText('Teal.').count()) === 1;
  const isWhole = async (c: FrameLocator) => (await c.getByTestId('msg-user').filter({ hasText: 'Name a fruit' }).count()) === 1;

  it('a window reload brings both chats back: the editor tab and the side bar show their sessions again', async () => {
    await runCommand(wb!, 'Developer: Reload Window');
    await wb!.page.locator('.monaco-workbench').waitFor({ timeout: patient(60_000) });
    const fork = await findChat(wb!, isFork, 'the editor-tab chat after the reload', 60_000);
    await fork.getByTestId('msg-user').filter({ hasText: 'Name a colour' }).waitFor();
    const side = await findChat(wb!, isWhole, 'the side-bar chat after the reload', 60_000);
    await side.getByText('Quince.').waitFor();
    // The first activation wrote the bundle's code cache; the reloaded extension host compiled from it.
    const lines = activationLines(wb!.server.runDir);
    assert.ok(lines.length >= 2, `an activation line before and after the reload: ${lines.map((l) => l.text).join(' | ')}`);
    assert.equal(lines[0]!.codeCache, 'none', lines[0]!.text);
    assert.equal(lines.at(-1)!.codeCache, 'used', lines.at(-1)!.text);
    // The restored tab continues its session: the model gets the earlier exchange.
    llm.push({ content: [{ type: 'text', text: 'Still teal.' }] });
    await fork.getByTestId('prompt-input').fill('And the colour again?');
    await fork.getByTestId('prompt-input').press('Enter');
    await fork.getByText('Still teal.').waitFor({ timeout: patient(15_000) });
    const texts = (llm.requests.at(-1)!.body.messages as { content: { text?: string }[] }[]).map((m) => m.content.map((b) => b.text ?? '').join(''));
    assert.deepEqual(texts, ['Name a colour', 'Teal.', 'And the colour again?']);
  });

  it('an editor-tab chat that needs an approval while its tab is hidden says so in a notification; Show brings it back', async () => {
    const fork = await findChat(wb!, async (c) => (await c.getByText('Still teal.').count()) === 1, 'the editor-tab chat');
    // A slow reply, so the tab can be hidden before the command's question arrives.
    llm.push(
      { content: [{ type: 'text', text: 'Let me check the disk first, then I will run it.' }, { type: 'tool_use', id: 'tu_att_e2e', name: 'Bash', input: { command: 'touch attention-e2e.txt' } }], delayMs: 400 },
      { content: [{ type: 'text', text: 'Not run.' }] },
    );
    await fork.getByTestId('prompt-input').fill('Create attention-e2e.txt');
    await fork.getByTestId('prompt-input').press('Enter');
    await fork.getByText('Let', { exact: false }).first().waitFor({ timeout: patient(15_000) });
    await runCommand(wb!, 'File: New Untitled Text File');
    const toast = wb!.page.locator('.notifications-toasts .notification-toast', { hasText: 'Tandem needs your approval to run Bash.' });
    await toast.waitFor({ timeout: patient(30_000) });
    await toast.locator('.monaco-button', { hasText: 'Show' }).click();
    const card = fork.getByTestId('approval-card');
    await card.waitFor({ timeout: patient(15_000) });
    await card.getByTestId('approval-deny').click();
    await fork.getByText('Not run.').waitFor({ timeout: patient(15_000) });
    assert.ok(!existsSync(join(wb!.workspace, 'attention-e2e.txt')), 'nothing ran');
  });
});
