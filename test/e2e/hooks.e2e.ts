// A repository's Claude Code hooks in the real workbench (issue 13 item 3): `.claude/settings.json`
// declares a PreToolUse hook that blocks Edit (exit 2). Hooks are code, so they run only once the
// user approves that repository's hook set: the modal shows the exact command and is answered here as
// a user would. After that the model's Edit is blocked: the tool card says so (with the hook's
// reason), the model is told, and the file is unchanged.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite, patient } from './workbench';

const HOOK = "echo 'edits are frozen by policy' >&2; exit 2";
const NOTES = 'keep this line\n';

describe('a repository\'s hooks in the browser', function () {
  const suite = browserSuite({
    key: 'sk-e2e-hooks',
    prepare: (wb) => {
      mkdirSync(join(wb.workspace, '.claude'), { recursive: true });
      writeFileSync(
        join(wb.workspace, '.claude', 'settings.json'),
        JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: HOOK }] }] } }, null, 2),
      );
      writeFileSync(join(wb.workspace, 'notes.txt'), NOTES);
    },
  });

  it('asks once to approve the repository\'s hook, showing its command', async () => {
    const { llm, wb } = suite;
    const chat = wb.chat();
    llm.push({ content: [{ type: 'text', text: 'Hello there.' }] });
    await chat.getByTestId('prompt-input').fill('hello');
    await chat.getByTestId('prompt-input').press('Enter');
    // The workbench's own modal dialog (VS Code renders it in the page), not the webview.
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: patient(30_000) });
    const text = await dialog.innerText();
    assert.match(text, /asks for more permissions/);
    assert.match(text, /\.claude\/settings\.json/);
    assert.ok(text.includes('edits are frozen by policy'), `the hook's command is shown: ${text}`);
    await dialog.locator('.monaco-button', { hasText: /^Approve$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: patient(15_000) });
    await chat.getByText('Hello there.').waitFor({ timeout: patient(30_000) });
  });

  it('blocks the Edit the hook forbids: the card shows the hook, the model is told, the file is unchanged', async () => {
    const { llm, wb } = suite;
    const chat = wb.chat();
    const file = join(wb.workspace, 'notes.txt');
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_e2e_hook_edit', name: 'Edit', input: { file_path: file, old_string: 'keep this line', new_string: 'changed' } }] },
      { content: [{ type: 'text', text: 'The edit was blocked by a hook.' }] },
    );
    await chat.getByTestId('prompt-input').fill('Change notes.txt');
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.getByText('The edit was blocked by a hook.').waitFor({ timeout: patient(30_000) });
    const card = chat.locator('[data-testid="tool-card"][data-tool="Edit"]').last();
    const hook = card.getByTestId('tool-hook');
    await hook.first().waitFor({ timeout: patient(10_000) });
    const line = await hook.first().innerText();
    assert.match(line, /PreToolUse/);
    assert.match(line, /edits are frozen by policy/);
    assert.match((await hook.first().getAttribute('class')) ?? '', /tool-hook-blocked/);
    assert.equal(await chat.getByTestId('proposal-card').count(), 0, 'no edit was proposed');
    const results = llm.requests.at(-1)!.body.messages.at(-1).content as { type: string; tool_use_id: string; content: unknown }[];
    const result = results.find((b) => b.tool_use_id === 'tu_e2e_hook_edit');
    assert.ok(result && JSON.stringify(result.content).includes('edits are frozen by policy'), 'the model got the hook\'s reason');
    assert.equal(readFileSync(file, 'utf8'), NOTES, 'the file is unchanged');
  });
});
