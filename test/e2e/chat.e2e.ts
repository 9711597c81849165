// A user's first session: open the Tandem panel, connect a model through the setup card, chat with
// it, and stop a reply mid-stream. The model is test/fake-llm, reached through the real SDK.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { until } from '../harness/processes';
import { activationLines, openTandemPanel, openWorkbench, screenshotOnFailure, patient } from './workbench';
import type { Workbench } from './workbench';

/** Runs in the page: an element's computed text colour (this file is compiled without the DOM lib). */
const colourOf = (el: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color;

describe('Tandem chat panel in the browser', function () {
  let llm: FakeLlm;
  let wb: Workbench | undefined;

  before(async () => {
    llm = await startFakeLlm();
    wb = await openWorkbench();
    await openTandemPanel(wb);
  });

  after(async () => {
    await wb?.close();
    await llm?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const file = await screenshotOnFailure(wb, this.currentTest.fullTitle());
      if (file) console.log(`      screenshot: ${file}`);
    }
  });

  it('shows the setup card when no key is configured and saves a key', async () => {
    const chat = wb!.chat();
    await chat.getByTestId('setup-card').waitFor();
    await chat.locator('[data-testid="setup-key"] input').fill('sk-e2e-key');
    await chat.locator('[data-testid="setup-base-url"] input').fill(llm.anthropicBaseUrl);
    await chat.getByTestId('setup-save').click();
    await chat.getByTestId('prompt-input').waitFor({ timeout: patient(15_000) });
    assert.equal(await chat.getByTestId('setup-card').count(), 0);
  });

  it('says in its Output channel how long activation took and how its bundle was compiled', async () => {
    const line = await until(() => activationLines(wb!.server.runDir).at(0), 'the activation line in the Tandem log');
    assert.ok(line.ms > 0 && line.activateMs !== undefined && line.loadMs !== undefined && line.activateMs + line.loadMs <= line.ms + 1, line.text);
    // A fresh install has no code cache yet: the loader compiled the bundle from source.
    assert.equal(line.codeCache, 'none', line.text);
  });

  it('sends a prompt and streams the reply in as sanitized markdown', async () => {
    llm.push({
      content: [{ type: 'text', text: 'Hello **world** from the fake model.\n\n<img src="https://evil.test/x.png" onerror="alert(1)">\n\n![tracker](https://evil.test/t.png)\n\n- one\n- two' }],
      delayMs: 40,
    });
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill('Say hello');
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.getByTestId('msg-user').filter({ hasText: 'Say hello' }).waitFor();
    const reply = chat.getByTestId('msg-assistant').last();
    await reply.locator('strong', { hasText: 'world' }).waitFor();
    await chat.locator('[data-testid="msg-assistant"][data-status="done"]').waitFor({ timeout: patient(15_000) });
    assert.equal(await reply.locator('li').count(), 2);
    assert.equal(await chat.locator('img').count(), 0, 'no image element reached the DOM');
    assert.match(await reply.innerText(), /\[image: tracker\]/);
    const req = llm.requests[llm.requests.length - 1];
    assert.equal(req.headers.authorization, 'Bearer sk-e2e-key');
    assert.equal(req.body.messages.length, 1);
    assert.equal(req.body.messages[0].content[0].text, 'Say hello');
  });

  it('shows the agent reading a workspace file as a tool card with its result', async () => {
    writeFileSync(join(wb!.workspace, 'plan.md'), '# Plan\nship the panel\n');
    llm.push(
      {
        content: [
          { type: 'tool_use', id: 'tu_e2e_read', name: 'Read', input: { file_path: join(wb!.workspace, 'plan.md') } },
          // Grep from the packaged extension: no node_modules, so this is the ripgrep VS Code ships.
          { type: 'tool_use', id: 'tu_e2e_grep', name: 'Grep', input: { pattern: 'ship', path: wb!.workspace } },
        ],
      },
      { content: [{ type: 'text', text: 'The plan is to ship the panel.' }] },
    );
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill('What is the plan?');
    await chat.getByTestId('prompt-input').press('Enter');
    const card = chat.locator('[data-testid="tool-card"][data-tool="Read"]');
    await card.locator('xpath=self::*[@data-status="done"]').waitFor({ timeout: patient(15_000) });
    assert.match(await card.locator('summary').innerText(), /Read.*plan\.md.*done/s);
    await card.locator('summary').click();
    assert.match(await card.locator('.tool-output').innerText(), /1\s+# Plan\s+2\s+ship the panel/);
    const grep = chat.locator('[data-testid="tool-card"][data-tool="Grep"][data-status="done"]');
    await grep.locator('summary').click();
    assert.match(await grep.locator('.tool-output').innerText(), /plan\.md/);
    await chat.getByText('The plan is to ship the panel.').waitFor();
  });

  it('accepts one proposed edit from the chat card, rejects another with a comment the model then receives', async () => {
    const file = join(wb!.workspace, 'greeting.txt');
    writeFileSync(file, 'hello\nworld\n');
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_e2e_r', name: 'Read', input: { file_path: file } }] },
      { content: [{ type: 'tool_use', id: 'tu_e2e_e1', name: 'Edit', input: { file_path: file, old_string: 'hello', new_string: 'hello there' } }] },
      { content: [{ type: 'tool_use', id: 'tu_e2e_e2', name: 'Edit', input: { file_path: file, old_string: 'world', new_string: 'planet' } }] },
      { content: [{ type: 'text', text: 'Kept world as you asked.' }] },
    );
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill('Polish greeting.txt');
    await chat.getByTestId('prompt-input').press('Enter');
    const first = chat.locator('[data-testid="proposal-card"]').first();
    await first.locator('[data-testid="proposal-accept-all"]').click({ timeout: patient(20_000) });
    await first.locator('xpath=self::*[@data-status="applied"]').waitFor({ timeout: patient(15_000) });
    const deadline = Date.now() + patient(10_000);
    while (readFileSync(file, 'utf8') !== 'hello there\nworld\n' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(readFileSync(file, 'utf8'), 'hello there\nworld\n', 'the accepted edit is on disk');

    const second = chat.locator('[data-testid="proposal-card"]').nth(1);
    await second.locator('[data-testid="proposal-comment"] input').fill('keep the word world');
    await second.locator('[data-testid="proposal-reject-all"]').click({ timeout: patient(20_000) });
    await second.locator('xpath=self::*[@data-status="rejected"]').waitFor({ timeout: patient(15_000) });
    await chat.getByText('Kept world as you asked.').waitFor({ timeout: patient(15_000) });
    assert.equal(readFileSync(file, 'utf8'), 'hello there\nworld\n', 'the rejected edit is not on disk');
    const last = llm.requests[llm.requests.length - 1].body.messages.at(-1).content[0];
    assert.equal(last.tool_use_id, 'tu_e2e_e2');
    assert.match(last.content, /rejected/);
    assert.match(last.content, /keep the word world/, "the next request carries the user's comment");
  });

  it('asks before a command: Allow always writes the rule and the next matching call runs without asking; Deny sends the message back', async () => {
    const ws = wb!.workspace;
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_ap1', name: 'Bash', input: { command: 'git init -q repo-one' } }] },
      { content: [{ type: 'tool_use', id: 'tu_ap2', name: 'Bash', input: { command: 'git init -q repo-two' } }] },
      { content: [{ type: 'tool_use', id: 'tu_ap3', name: 'Bash', input: { command: 'touch deny-me.txt' } }] },
      { content: [{ type: 'text', text: 'Left deny-me.txt alone.' }] },
    );
    const chat = wb!.chat();
    const before = await chat.locator('[data-testid="approval-card"]').count();
    await chat.getByTestId('prompt-input').fill('Set up two repositories');
    await chat.getByTestId('prompt-input').press('Enter');
    const first = chat.locator('[data-testid="approval-card"]').nth(before);
    await first.waitFor({ timeout: patient(20_000) });
    assert.match(await first.locator('.approval-summary').innerText(), /git init -q repo-one/);
    assert.equal(await first.getByTestId('approval-rule').inputValue(), 'Bash(git init:*)');
    assert.equal(await first.getByTestId('approval-scope').inputValue(), 'local');
    await first.getByTestId('approval-allow-always').click();

    // The second git init matches the new rule: it runs without a question.
    const deny = chat.locator('[data-testid="approval-card"]').nth(before + 1);
    await deny.waitFor({ timeout: patient(20_000) });
    assert.match(await deny.locator('.approval-summary').innerText(), /touch deny-me\.txt/, 'the next question is about touch, not the second git init');
    assert.ok(existsSync(join(ws, 'repo-one', '.git')) && existsSync(join(ws, 'repo-two', '.git')), 'both git inits ran');
    const local = JSON.parse(readFileSync(join(ws, '.tandem', 'settings.local.json'), 'utf8'));
    assert.deepEqual(local.permissions.allow, ['Bash(git init:*)'], 'the rule was written to the personal settings file');

    await deny.getByTestId('approval-message').fill('not now, thanks');
    await deny.getByTestId('approval-deny').click();
    await chat.getByText('Left deny-me.txt alone.').waitFor({ timeout: patient(15_000) });
    assert.ok(!existsSync(join(ws, 'deny-me.txt')));
    const result = llm.requests[llm.requests.length - 1].body.messages.at(-1).content[0];
    assert.equal(result.tool_use_id, 'tu_ap3');
    assert.match(result.content, /not now, thanks/);
  });

  it('Stop cancels the reply mid-stream', async () => {
    const full = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    llm.push({ content: [{ type: 'text', text: full }], delayMs: 150 });
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill('Count slowly');
    await chat.getByTestId('prompt-input').press('Enter');
    const reply = chat.getByTestId('msg-assistant').last();
    await reply.getByText('word2', { exact: false }).waitFor({ timeout: patient(15_000) });
    await chat.getByTestId('stop-button').click();
    await chat.locator('[data-testid="msg-assistant"][data-status="stopped"]').waitFor({ timeout: patient(10_000) });
    const shown = await reply.innerText();
    assert.ok(!shown.includes('word59'), 'the reply did not finish');
    await chat.getByTestId('send-button').waitFor();
    const deadline = Date.now() + patient(5000);
    while (llm.requests[llm.requests.length - 1].outcome !== 'client-closed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(llm.requests[llm.requests.length - 1].outcome, 'client-closed', 'the HTTP stream was closed');
  });

  it('highlights a code block in a reply and inserts it at the cursor of the open editor', async () => {
    const file = join(wb!.workspace, 'insert-here.ts');
    writeFileSync(file, '// top\n');
    const page = wb!.page;
    // Open the file with Quick Open, as a user would, and put the cursor at its end.
    await page.locator('.part.editor').click();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('insert-here.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'insert-here.ts' }).first().waitFor({ timeout: patient(20_000) });
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'top' }).waitFor({ timeout: patient(15_000) });
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');

    const code = 'const answer: number = 42;\nexport function greet(name: string) {\n  return `hi ${name}`;\n}';
    llm.push({ content: [{ type: 'text', text: `Here it is:\n\n\`\`\`ts\n${code}\n\`\`\`\n` }] });
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill('Write a greeting function');
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.locator('[data-testid="msg-assistant"][data-status="done"]').last().waitFor({ timeout: patient(15_000) });
    const block = chat.getByTestId('msg-assistant').last().getByTestId('code-block');
    assert.equal(await block.getByTestId('code-lang').innerText(), 'ts');
    const keyword = block.locator('.hljs-keyword', { hasText: 'const' }).first();
    await keyword.waitFor();
    assert.ok((await block.locator('.hljs-string').count()) > 0, 'the template string is a token too');
    const [keywordColour, plainColour] = await Promise.all([keyword.evaluate(colourOf), block.locator('code').evaluate(colourOf)]);
    assert.notEqual(keywordColour, plainColour, 'keywords are coloured by the theme');
    await block.getByTestId('code-copy').waitFor();
    await block.getByTestId('code-insert').click();

    // The code lands at the cursor as an edit in the editor (undoable, unsaved); save to check the bytes.
    await editor.locator('.view-lines', { hasText: 'greet' }).waitFor({ timeout: patient(10_000) });
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + patient(10_000);
    while (readFileSync(file, 'utf8') === '// top\n' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(readFileSync(file, 'utf8'), `// top\n${code}`);
  });
});
