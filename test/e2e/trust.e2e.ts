// Restricted Mode in the browser: code-server with workspace trust on opens the folder untrusted. Tandem still opens (capabilities.untrustedWorkspaces: limited) but is
// read-only: the panel says why, the mode switch is locked, and a Write or a command the model asks
// for is refused without a question. The model is test/fake-llm, reached through the real SDK.
import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite, patient } from './workbench';

describe('Tandem in an untrusted workspace (Restricted Mode) in the browser', function () {
  const suite = browserSuite({
    key: 'sk-e2e-trust',
    untrusted: true,
    prepare: (wb) => writeFileSync(join(wb.workspace, 'readme.txt'), 'restricted but readable\n'),
  });

  it('says it is read-only, locks the mode switch, reads files and refuses writes and commands', async () => {
    const { llm, wb } = suite;
    const chat = wb.chat();
    await chat.locator('.trust-notice', { hasText: 'This workspace is not trusted' }).waitFor({ timeout: patient(15_000) });
    assert.ok(await chat.getByTestId('mode-select').isDisabled(), 'the mode cannot be changed while untrusted');

    const written = join(wb.workspace, 'written.txt');
    const touched = join(wb.workspace, 'touched.txt');
    llm.push(
      {
        content: [
          { type: 'tool_use', id: 'tu_trust_read', name: 'Read', input: { file_path: join(wb.workspace, 'readme.txt') } },
          { type: 'tool_use', id: 'tu_trust_write', name: 'Write', input: { file_path: written, content: 'no\n' } },
          { type: 'tool_use', id: 'tu_trust_bash', name: 'Bash', input: { command: `touch ${touched}` } },
        ],
      },
      { content: [{ type: 'text', text: 'Read it; could not change anything.' }] },
    );
    await chat.getByTestId('prompt-input').fill('Read readme.txt, then write and touch files');
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.getByText('Read it; could not change anything.').waitFor({ timeout: patient(20_000) });
    assert.equal(await chat.getByTestId('approval-card').count(), 0, 'nothing was asked: plan mode refuses');
    assert.ok(!existsSync(written) && !existsSync(touched), 'nothing was written or run');
    const results = (llm.requests.at(-1)!.body.messages.at(-1).content as { tool_use_id: string; content: unknown }[]).map((b) => [b.tool_use_id, JSON.stringify(b.content)]);
    const byId = Object.fromEntries(results) as Record<string, string>;
    assert.match(byId.tu_trust_read, /restricted but readable/);
    assert.match(byId.tu_trust_write, /plan mode/);
    assert.match(byId.tu_trust_bash, /plan mode/);
  });
});
