// MCP in the real workbench: a project .mcp.json declares the reference server-everything (stdio,
// from npm). Tandem asks before starting it (a notification, then the MCP view's approve action and a
// modal that shows the exact command); once approved, its tools are listed in the MCP view with their
// token cost; the model's call to one of them asks in default mode and shows a card with the server's
// result; and its resources are offered in the panel's @ picker, the picked one attached on send.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { everythingStdio } from '../cli/mcpServers';
import { browserSuite, patient } from './workbench';

const userText = (body: { messages: { role: string; content: string | { type: string; text?: string }[] }[] }): string => {
  const last = body.messages.filter((m) => m.role === 'user').at(-1)!;
  return typeof last.content === 'string' ? last.content : last.content.map((b) => b.text ?? '').join('\n');
};

describe('MCP servers in the browser (project .mcp.json, server-everything over stdio)', function () {
  const suite = browserSuite({
    key: 'sk-e2e-mcp',
    prepare: (wb) => writeFileSync(join(wb.workspace, '.mcp.json'), JSON.stringify({ mcpServers: { everything: everythingStdio() } }, null, 2)),
  });

  it('asks, is approved with the command shown, lists its tools in the MCP view, and a call shows a card with the result', async () => {
    const { llm, wb } = suite;
    const page = wb.page;

    // Asked about: the server waits for approval; the notification leads to the MCP view.
    const toast = page.locator('.notification-toast', { hasText: 'This folder declares MCP servers' });
    await toast.waitFor({ timeout: patient(60_000) });
    assert.match(await toast.innerText(), /everything/);
    await toast.getByRole('button', { name: 'Review' }).click();
    const row = page.locator('.monaco-list-row', { hasText: 'everything' }).first();
    await row.locator('text=waiting for approval').waitFor({ timeout: patient(30_000) });

    // Approved: the modal names the file and the exact command it runs.
    await row.hover();
    await row.locator('.action-label[aria-label="Approve and Start MCP Server"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: patient(15_000) });
    const question = await dialog.innerText();
    assert.match(question, /Start the MCP server "everything"\?/);
    assert.match(question, /\.mcp\.json/);
    assert.match(question, /server-everything[/\\]dist[/\\]index\.js stdio/);
    await dialog.getByRole('button', { name: 'Approve and start' }).click();

    // Its tools in the MCP view, with what their schemas cost.
    await row.locator('text=/connected · \\d+ tools, about [\\d,]+ tokens · project/').waitFor({ timeout: patient(60_000) });
    await row.locator('.monaco-tl-twistie').click();
    await page.locator('.monaco-list-row', { hasText: 'get-sum' }).first().waitFor({ timeout: patient(15_000) });
    await page.locator('.monaco-list-row', { hasText: 'echo' }).first().waitFor();

    // The model calls one of its tools: asked in default mode, allowed once, a card with the result.
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_mcp_sum', name: 'mcp__everything__get-sum', input: { a: 20, b: 22 } }] },
      { content: [{ type: 'text', text: 'The server says 42.' }] },
    );
    const chat = wb.chat();
    await chat.getByTestId('prompt-input').fill('Add 20 and 22 with the everything server');
    await chat.getByTestId('prompt-input').press('Enter');
    const approval = chat.locator('[data-testid="approval-card"]').last();
    await approval.waitFor({ timeout: patient(30_000) });
    assert.match(await approval.innerText(), /mcp__everything__get-sum/);
    await approval.getByTestId('approval-allow').click();
    const card = chat.locator('[data-testid="tool-card"][data-tool="mcp__everything__get-sum"][data-status="done"]');
    await card.waitFor({ timeout: patient(30_000) });
    await card.locator('summary').click();
    assert.match(await card.locator('.tool-output').innerText(), /The sum of 20 and 22 is 42\./);
    await chat.getByText('The server says 42.').waitFor({ timeout: patient(20_000) });

    const first = llm.requests.find((r) => JSON.stringify(r.body.messages).includes('Add 20 and 22'))!;
    assert.ok((first.body.tools ?? []).some((t: { name: string }) => t.name === 'mcp__everything__get-sum'), 'the tool was offered to the model');
    const result = llm.requests.at(-1)!.body.messages.at(-1).content.find((b: { type: string }) => b.type === 'tool_result');
    assert.match(JSON.stringify(result.content), /The sum of 20 and 22 is 42\./);
  });

  it('offers the server\'s resources in the @ picker; the picked one is attached on send', async () => {
    const { llm, wb } = suite;
    const chat = wb.chat();
    const input = chat.getByTestId('prompt-input');
    await input.fill('');
    await input.pressSequentially('Summarize @everything:features');
    const item = chat.locator('[data-testid="mention-item"][data-kind="mcp-resource"]', { hasText: 'features.md' });
    await item.waitFor({ timeout: patient(20_000) });
    assert.equal(await item.getAttribute('data-token'), 'everything:demo://resource/static/document/features.md');
    await item.click();
    assert.equal(await input.inputValue(), 'Summarize @everything:demo://resource/static/document/features.md ');

    const before = llm.requests.length;
    llm.push({ content: [{ type: 'text', text: 'Summarized the features.' }] });
    await input.press('Enter');
    await chat.getByText('Summarized the features.').waitFor({ timeout: patient(30_000) });
    const sent = userText(llm.requests[before].body);
    assert.match(sent, /<context kind="mcp-resource" server="everything" uri="demo:\/\/resource\/static\/document\/features\.md">/);
    assert.equal(await chat.getByText(/Not attached/).count(), 0, 'the path resolver did not report the MCP mention as a missing file');
  });
});
