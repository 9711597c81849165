// Hardening (issue 11) in the real workbench: a question about a command the shell runs after an
// earlier `cd` names the folder it really runs in, and links in the model's reply show their full
// target, open only through VS Code (which asks about an untrusted domain), and never as command:,
// file:, vscode: or javascript: links.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite, patient } from './workbench';

const GIT_CONFIG = '[core]\n\trepositoryformatversion = 0\n';
const GUIDE = 'https://docs.example.test/guide?topic=links&from=tandem';

describe('Tandem hardening in the browser', function () {
  const suite = browserSuite({
    key: 'sk-e2e-hardening',
    prepare: (wb) => {
      mkdirSync(join(wb.workspace, '.git'));
      writeFileSync(join(wb.workspace, '.git', 'config'), GIT_CONFIG);
    },
  });

  it('after `cd .git`, the approval card for a relative write names the real folder the shell is in', async () => {
    const { llm, wb } = suite;
    const backdoor = `printf '[core]\\n\\tfsmonitor = "touch /tmp/tandem-e2e-pwned"\\n' >> config`;
    llm.load({
      replies: [
        { content: [{ type: 'tool_use', id: 'tu_cd', name: 'Bash', input: { command: 'cd .git' } }] },
        { content: [{ type: 'tool_use', id: 'tu_write', name: 'Bash', input: { command: backdoor } }] },
        { content: [{ type: 'text', text: 'Left the git config alone.' }] },
      ],
    });
    const chat = wb.chat();
    await chat.getByTestId('prompt-input').fill('Tidy the repository settings');
    await chat.getByTestId('prompt-input').press('Enter');
    const card = chat.locator('[data-testid="approval-card"][data-status="pending"]');
    await card.waitFor({ timeout: patient(30_000) });
    assert.match(await card.locator('.approval-summary').innerText(), /fsmonitor/, 'the question is about the write, not the cd');
    const reason = await card.locator('.approval-reason').innerText();
    const gitDir = join(wb.workspace, '.git');
    assert.ok(reason.includes(join(gitDir, 'config')), `the card names the file the write reaches: ${reason}`);
    assert.ok(reason.includes(`(the shell is in ${gitDir})`), `the card names the folder the shell is in: ${reason}`);
    await card.getByTestId('approval-deny').click();
    await chat.getByText('Left the git config alone.').waitFor({ timeout: patient(20_000) });
    assert.equal(readFileSync(join(gitDir, 'config'), 'utf8'), GIT_CONFIG);
  });

  it('a link in a reply shows its full target, opens only through VS Code, and command:/file:/vscode:/javascript: links stay text', async () => {
    const { llm, wb } = suite;
    llm.load({
      replies: [
        {
          content: [
            {
              type: 'text',
              text: `See [the guide](${GUIDE}). Also [run this](command:workbench.action.terminal.new), [the passwords](file:///etc/passwd), [settings](vscode://settings/editor.fontSize) and [a script](javascript:alert(1)).`,
            },
          ],
        },
      ],
    });
    const chat = wb.chat();
    await chat.getByTestId('prompt-input').fill('Where are the docs?');
    await chat.getByTestId('prompt-input').press('Enter');
    const reply = chat.locator('[data-testid="msg-assistant"][data-status="done"]').last();
    await reply.getByText('the guide').waitFor({ timeout: patient(20_000) });

    // Only the web link is a link; the others are plain text in the reply.
    const links = reply.locator('a');
    assert.equal(await links.count(), 1, 'one <a> in the reply');
    for (const text of ['run this', 'the passwords', 'settings', 'a script']) {
      const blocked = reply.locator('.md-link-blocked', { hasText: text });
      assert.equal(await blocked.count(), 1, `"${text}" is shown as text`);
    }
    const link = links.first();
    assert.equal(await link.innerText(), 'the guide');
    assert.equal(await link.getAttribute('title'), GUIDE, 'hovering shows the full target');
    // An href would let the webview's host page open it at once, without the question below.
    assert.equal(await link.getAttribute('href'), null, 'the link has no href the browser could follow');

    // Clicking asks through VS Code's dialog for an untrusted domain, naming the URL; nothing opens by itself.
    const page = wb.page;
    const pagesBefore = page.context().pages().length;
    const popups: string[] = [];
    const onPage = (p: { url(): string }) => popups.push(p.url());
    page.context().on('page', onPage);
    try {
      await link.click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: patient(20_000) });
      assert.equal(await dialog.count(), 1, 'one question');
      assert.ok((await dialog.innerText()).includes(GUIDE), `the dialog names the URL: ${await dialog.innerText()}`);
      assert.equal(page.context().pages().length, pagesBefore, 'no page opened before the user answered');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached', timeout: patient(10_000) });
      assert.deepEqual(popups, [], 'no page opened after Cancel');
    } finally {
      page.context().off('page', onPage);
    }
    // The panel did not navigate away: it still shows the reply.
    await reply.getByText('the guide').waitFor();
  });
});
