// A long session in the real workbench: the model's window (24k tokens, set with "contextWindow" in
// the workspace's .tandem/settings.json) fills up while the agent reads files; the transcript keeps
// every card and shows a "context compacted here" divider, the header's meter shows the window and
// drops after /compact, and /compact with instructions sends them to the summary.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUMMARY_MARKER } from '../../src/core/context/summary';
import type { FakeLlm } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';
import { browserSuite, patient } from './workbench';
import type { Workbench } from './workbench';

const WINDOW = 24_000;
const FILES = 8;
const SUMMARY = '## Goal\nRead the notes.\n## State\nAll read.\n## Decisions\nNone.\n## Next steps\nAnswer.\n## Files\n- notes/';

/** The first number of the meter ("5.2k / 24k tokens"), in tokens. */
function meterTokens(text: string): number {
  const m = /([\d.]+)(k|M)?\s*\/\s*24k tokens/.exec(text);
  assert.ok(m, `meter: "${text}"`);
  return Number(m[1]) * (m[2] === 'k' ? 1_000 : m[2] === 'M' ? 1_000_000 : 1);
}

describe('Tandem context compaction in the browser', function () {
  let llm: FakeLlm;
  let wb: Workbench | undefined;

  const suite = browserSuite({
    key: 'sk-e2e-compaction',
    prepare: (w) => {
      mkdirSync(join(w.workspace, '.tandem'), { recursive: true });
      writeFileSync(join(w.workspace, '.tandem', 'settings.json'), JSON.stringify({ contextWindow: WINDOW }));
      mkdirSync(join(w.workspace, 'notes'));
      for (let i = 0; i < FILES; i++) {
        const lines = [`NOTE-${i} begins`, ...Array.from({ length: 170 }, (_, n) => `note ${i} line ${n}: ${'the quick brown fox jumps over the lazy dog '.repeat(2)}`)];
        writeFileSync(join(w.workspace, 'notes', `n${i}.md`), lines.join('\n'));
      }
    },
  });
  before(() => {
    llm = suite.llm;
    wb = suite.wb;
  });

  it('shows an estimate of the first request in the meter before the first reply, marked as one', async () => {
    const meter = wb!.chat().locator('[data-testid="usage"][data-estimated="true"]');
    await meter.waitFor({ timeout: patient(30_000) });
    const text = await meter.innerText();
    assert.match(text, /^~[\d.]+k? \/ 24k tokens$/, 'an estimate against the window from the settings');
    // The system prompt and the tools' definitions: thousands of tokens, well inside the window.
    const tokens = meterTokens(text);
    assert.ok(tokens > 2_000 && tokens < WINDOW, `estimate ${tokens}`);
  });

  it('keeps the whole transcript with a divider where the context was compacted, and the meter shows the window', async () => {
    const replies: ScriptedReply[] = Array.from({ length: FILES }, (_, i) => ({ content: [{ type: 'tool_use', name: 'Read', input: { file_path: join(wb!.workspace, 'notes', `n${i}.md`) } }] }));
    replies.push({ content: [{ type: 'text', text: 'All eight notes read.' }] });
    llm.load({ replies, contextLimit: WINDOW, autoReplies: [{ systemIncludes: SUMMARY_MARKER, reply: { content: [{ type: 'text', text: SUMMARY }] } }] });
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill('Read every note in notes/, in order.');
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.getByText('All eight notes read.').waitFor({ timeout: patient(90_000) });
    await chat.getByTestId('send-button').waitFor();
    const dividers = chat.getByTestId('compaction-divider');
    assert.ok((await dividers.count()) >= 1, 'a divider marks the compaction');
    assert.match(await dividers.first().innerText(), /Context compacted here[\s\S]*tokens/);
    // The cards stay in the transcript (the list is virtualized: count those rendered).
    assert.ok((await chat.locator('[data-testid="tool-card"]').count()) >= 1);
    // No request went over the window.
    assert.ok(llm.requests.every((r) => (r.tokens ?? 0) <= WINDOW || r.outcome === 'fault'));
    assert.ok(meterTokens(await chat.getByTestId('usage').innerText()) <= WINDOW);
    assert.equal(await chat.getByTestId('usage').getAttribute('data-estimated'), null, 'after a reply the meter shows the provider\'s count');
  });

  it('/compact with instructions summarises; the meter drops and a summary divider appears', async () => {
    const chat = wb!.chat();
    const before = meterTokens(await chat.getByTestId('usage').innerText());
    const dividersBefore = await chat.locator('[data-testid="compaction-divider"][data-method="summary"]').count();
    await chat.getByTestId('prompt-input').fill('/compact keep the note numbers');
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.locator('[data-testid="compaction-divider"][data-method="summary"]').nth(dividersBefore).waitFor({ timeout: patient(60_000) });
    await chat.getByTestId('send-button').waitFor();
    const after = meterTokens(await chat.getByTestId('usage').innerText());
    assert.ok(after < before, `meter ${before} → ${after}`);
    const summaryRequest = llm.requests.filter((r) => JSON.stringify(r.body.system ?? '').includes(SUMMARY_MARKER)).at(-1);
    assert.ok(summaryRequest);
    assert.match(JSON.stringify(summaryRequest.body.messages), /keep the note numbers/);
    // The next message goes with the compacted view: the ledger quotes the first prompt, no note text.
    llm.push({ content: [{ type: 'text', text: 'Ready for more.' }] });
    await chat.getByTestId('prompt-input').fill('What now?');
    await chat.getByTestId('prompt-input').press('Enter');
    await chat.getByText('Ready for more.').waitFor({ timeout: patient(30_000) });
    const last = llm.requests.at(-1)!;
    assert.match(JSON.stringify(last.body.messages[0]), /Read every note in notes\/, in order\./);
    assert.ok(!JSON.stringify(last.body.messages).includes('NOTE-3 begins'));
  });

  it('/clear starts a new chat whose meter shows the estimate again', async () => {
    const chat = wb!.chat();
    await chat.getByTestId('prompt-input').fill('/clear');
    await chat.getByTestId('prompt-input').press('Enter');
    const meter = chat.locator('[data-testid="usage"][data-estimated="true"]');
    await meter.waitFor({ timeout: patient(30_000) });
    assert.match(await meter.innerText(), /^~[\d.]+k? \/ 24k tokens$/);
  });
});
