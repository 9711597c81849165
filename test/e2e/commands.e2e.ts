// Claude Code's custom slash commands in the real panel (issue 13 item 4): files in .claude/commands
// (a subfolder as a namespace) appear in the slash menu with their description and argument hint;
// choosing one sends it, the model gets the expanded text (the fake model's request proves it) and
// the transcript shows what the user typed. /status lists the settings files and the mode.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite, patient } from './workbench';

const REVIEW = `---
description: Review a pull request carefully
argument-hint: [pr-number]
---
Please review pull request number $1 and list the risky changes.
`;

const COMPONENT = `---
description: Scaffold a frontend component
---
Create a new frontend component named Widget, with a test beside it.
`;

/** The text blocks of the last user message of a request. */
function lastUserText(body: { messages: { role: string; content: string | { type: string; text?: string }[] }[] }): string {
  const user = body.messages.filter((m) => m.role === 'user').at(-1)!;
  return typeof user.content === 'string' ? user.content : user.content.map((b) => b.text ?? '').join('\n');
}

describe('custom slash commands in the browser', function () {
  const suite = browserSuite({
    key: 'sk-e2e-commands',
    prepare: (wb) => {
      mkdirSync(join(wb.workspace, '.claude', 'commands', 'frontend'), { recursive: true });
      writeFileSync(join(wb.workspace, '.claude', 'commands', 'review.md'), REVIEW);
      writeFileSync(join(wb.workspace, '.claude', 'commands', 'frontend', 'component.md'), COMPONENT);
    },
  });

  it('lists a .claude/commands file in the slash menu with its description and hint, and sends its expansion', async () => {
    const { llm, wb } = suite;
    const chat = wb.chat();
    const input = chat.getByTestId('prompt-input');
    await input.fill('/rev');
    const item = chat.locator('[data-testid="slash-item"][data-command="review"]');
    await item.waitFor({ timeout: patient(15_000) });
    const row = await item.innerText();
    assert.match(row, /Review a pull request carefully/);
    assert.match(row, /\[pr-number\]/);

    // It takes an argument: choosing it puts "/review " in the input for the number.
    await item.click();
    assert.equal(await input.inputValue(), '/review ');
    llm.push({ content: [{ type: 'text', text: 'Reviewed PR 42.' }] });
    await input.pressSequentially('42');
    await input.press('Enter');
    await chat.getByText('Reviewed PR 42.').waitFor({ timeout: patient(30_000) });
    const sent = lastUserText(llm.requests.at(-1)!.body);
    assert.match(sent, /Please review pull request number 42 and list the risky changes\./);
    assert.doesNotMatch(sent, /^\/review/, 'the model got the command\'s text, not the slash line');
    await chat.getByTestId('msg-user').filter({ hasText: '/review 42' }).waitFor();
    assert.equal(await chat.getByTestId('msg-user').filter({ hasText: 'Please review pull request' }).count(), 0, 'the transcript shows what the user typed');
  });

  it('finds a namespaced command (/frontend:component) by typing past the colon and runs it at once', async () => {
    const { llm, wb } = suite;
    const chat = wb.chat();
    const input = chat.getByTestId('prompt-input');
    await input.fill('/frontend:comp');
    const item = chat.locator('[data-testid="slash-item"][data-command="frontend:component"]');
    await item.waitFor({ timeout: patient(15_000) });
    assert.match(await item.innerText(), /Scaffold a frontend component/);
    llm.push({ content: [{ type: 'text', text: 'Widget scaffolded.' }] });
    await input.press('Enter');
    await chat.getByText('Widget scaffolded.').waitFor({ timeout: patient(30_000) });
    assert.match(lastUserText(llm.requests.at(-1)!.body), /Create a new frontend component named Widget/);
    await chat.getByTestId('msg-user').filter({ hasText: '/frontend:component' }).waitFor();
  });

  it('/status shows the model, the permission mode and the settings files', async () => {
    const { llm, wb } = suite;
    writeFileSync(join(wb.workspace, '.claude', 'settings.json'), JSON.stringify({ permissions: { allow: ['Bash(npm test)'] } }));
    const before = llm.requests.length;
    const chat = wb.chat();
    await chat.getByTestId('prompt-input').fill('/status');
    await chat.getByTestId('prompt-input').press('Enter');
    const notice = chat.locator('.notice', { hasText: 'Settings files' });
    await notice.waitFor({ timeout: patient(15_000) });
    const text = await notice.innerText();
    assert.match(text, /Permission mode: default/);
    assert.match(text, /\.claude\/settings\.json \[project\]: loaded/);
    assert.match(text, /Custom commands: 2; skills: 0/);
    assert.equal(llm.requests.length, before, 'the model was not called');
  });
});
