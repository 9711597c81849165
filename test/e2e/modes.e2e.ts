// Permission modes and forking in the browser: the mode select decides whether the next Write waits
// for review, lands at once, or is refused (plan mode); "Fork from here" opens a chat in an editor tab
// with the conversation up to that message. The model is test/fake-llm, reached through the real SDK.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import type { FakeLlm } from '../fake-llm/server';
import { browserSuite } from './workbench';
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
    await chat.locator(`[data-testid="mode-select"] option[value="${mode}"]:checked`).waitFor({ state: 'attached', timeout: 15_000 });
  }

  async function waitForFile(file: string, content: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(existsSync(file) && readFileSync(file, 'utf8') === content) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }

  /** Runs a command from the command palette, as a user would. */
  async function runCommand(title: string): Promise<void> {
    const page = wb!.page;
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
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
    await acceptAll.waitFor({ timeout: 20_000 });
    assert.equal(await card.getAttribute('data-status'), 'pending');
    assert.ok(!existsSync(reviewed), 'the proposed file is not on disk before review');
    await acceptAll.click();
    await chat.getByText('Wrote reviewed.txt.').waitFor({ timeout: 15_000 });
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
    await chat.getByText('Wrote direct.txt.').waitFor({ timeout: 20_000 });
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
    await chat.getByText('Here is the plan instead.').waitFor({ timeout: 20_000 });
    assert.ok(!existsSync(planned), 'plan mode wrote nothing');
    const result = llm.requests.at(-1)!.body.messages.at(-1).content[0];
    assert.equal(result.tool_use_id, 'tu_mode_w3');
    assert.match(JSON.stringify(result.content), /plan mode/);
    await chat.getByTestId('send-button').waitFor();
    await pickMode('default');
  });

  it('fork from a user message rebuilds the transcript', async () => {
    await runCommand('Tandem: New Chat');
    const chat = wb!.chat();
    await chat.getByTestId('empty-state').waitFor({ timeout: 15_000 });
    for (const [q, a] of [
      ['Name a colour', 'Teal.'],
      ['Name a fruit', 'Quince.'],
    ]) {
      llm.push({ content: [{ type: 'text', text: a }] });
      await send(q);
      await chat.getByText(a).waitFor({ timeout: 15_000 });
      await chat.getByTestId('send-button').waitFor();
    }
    const frames = wb!.page.locator('iframe.webview.ready');
    const before = await frames.count();
    await chat.getByTestId('msg-user').filter({ hasText: 'Name a fruit' }).getByTestId('fork-button').click();

    // The fork opens in an editor tab: a second webview, told apart from the panel by its content.
    const deadline = Date.now() + 30_000;
    let fork: FrameLocator | undefined;
    let forkIndex = -1;
    while (!fork && Date.now() < deadline) {
      const n = await frames.count();
      for (let i = 0; i < n && n > before; i++) {
        const frame = wb!.page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
        const users = frame.getByTestId('msg-user');
        if ((await users.count().catch(() => 0)) === 1 && (await frame.getByText('Teal.').count().catch(() => 0)) === 1) {
          fork = frame;
          forkIndex = i;
        }
      }
      if (!fork) await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(fork, 'a chat with only the messages before the fork point opened');
    await fork.getByTestId('msg-user').filter({ hasText: 'Name a colour' }).waitFor();
    assert.equal(await fork.getByTestId('msg-user').filter({ hasText: 'Name a fruit' }).count(), 0, 'the fork point and what follows are not in the fork');
    // The forked message waits in the input, to be edited and sent again.
    await fork.locator('[data-testid="prompt-input"]').waitFor();
    assert.equal(await fork.getByTestId('prompt-input').inputValue(), 'Name a fruit');
    assert.equal(await fork.getByText('Quince.').count(), 0);
    // The original chat keeps its whole conversation (wb.chat() is ambiguous now: two webviews).
    const panel = wb!.page.frameLocator('iframe.webview.ready').nth(forkIndex === 0 ? 1 : 0).frameLocator('#active-frame');
    await panel.getByTestId('msg-user').filter({ hasText: 'Name a fruit' }).waitFor();
    await panel.getByText('Quince.').waitFor();
  });
});
