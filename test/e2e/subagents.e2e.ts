// Sub-agents and background commands in the real workbench (Chromium + code-server, the packaged
// .vsix): a sub-agent's card with its nested tool calls; an approval raised inside the sub-agent
// shown in the parent chat with the sub-agent's name, whose Allow lets the nested call run; the list
// of background commands with Stop; and "Move to background" on a running command's card.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptedReply } from '../fake-llm/scenario';
import { browserSuite, runCommand, patient } from './workbench';
import { alive, until as untilDefault } from '../harness/processes';

const use = (id: string, name: string, input: unknown): ScriptedReply => ({ content: [{ type: 'tool_use', id, name, input }] });
const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });
const until = <T>(f: () => T | undefined | false, what: string, ms = 20_000): Promise<T> => untilDefault(f, what, patient(ms));

describe('Sub-agents and background commands in the browser', function () {
  const suite = browserSuite({ key: 'sk-e2e-subagents' });
  const pidIn = (name: string) => () => {
    try {
      return Number(readFileSync(join(suite.wb.workspace, name), 'utf8').trim()) || false;
    } catch {
      return false;
    }
  };
  const send = async (text: string) => {
    const chat = suite.wb.chat();
    await chat.getByTestId('prompt-input').fill(text);
    await chat.getByTestId('prompt-input').press('Enter');
  };

  it('shows a sub-agent card with its nested calls; its approval appears in the parent chat under its name, and Allow lets the nested call run', async () => {
    const { llm, wb } = suite;
    llm.push(
      use('tu_agent', 'Agent', { description: 'Survey the folder', prompt: 'List the folder, then create marker.txt.', subagent_type: 'general-purpose' }),
      // The sub-agent's own requests: a read-only call (no question), then a command (asks), then its report.
      use('tu_sub_ls', 'LS', { path: wb.workspace }),
      use('tu_sub_touch', 'Bash', { command: 'touch marker.txt' }),
      say('Report: the folder was empty; marker.txt is created.'),
      say('The sub-agent created marker.txt.'),
    );
    await send('Delegate a survey');
    const chat = wb.chat();
    const card = chat.locator('[data-testid="subagent-card"][data-agent="general-purpose"]');
    await card.waitFor({ timeout: patient(30_000) });
    const approval = chat.locator('[data-testid="approval-card"][data-status="pending"]');
    await approval.waitFor({ timeout: patient(30_000) });
    assert.match(await approval.getByTestId('approval-agent').innerText(), /general-purpose/);
    assert.match(await approval.locator('.approval-summary').innerText(), /touch marker\.txt/);
    await card.locator('[data-testid="subagent-call"][data-tool="LS"][data-status="done"]').waitFor();
    assert.equal(existsSync(join(wb.workspace, 'marker.txt')), false, 'nothing ran before the answer');

    await approval.getByTestId('approval-allow').click();
    await chat.getByText('The sub-agent created marker.txt.').waitFor({ timeout: patient(30_000) });
    assert.equal(existsSync(join(wb.workspace, 'marker.txt')), true, 'the approved nested call ran');
    // A finished sub-agent's card folds; the user opens it to see its calls.
    await card.locator('xpath=self::*[@data-status="done"]').waitFor();
    await card.locator('summary').click();
    await card.locator('[data-testid="subagent-call"][data-tool="Bash"][data-status="done"]').waitFor();
    assert.match(await card.getByTestId('subagent-figures').innerText(), /2 tool calls/);
    // The sub-agent's requests carried its own system prompt, not the parent's history.
    const nested = llm.requests.find((r) => JSON.stringify(r.body.messages).includes('List the folder, then create marker.txt.'));
    assert.ok(nested);
    assert.ok(!JSON.stringify(nested.body.messages).includes('Delegate a survey'));
  });

  it('lists a background command with its owner and running time; Stop ends it (no pid left)', async () => {
    const { llm, wb } = suite;
    llm.push(use('tu_bg', 'Bash', { command: 'echo $$ > bg.pid; echo serving on 8080; exec sleep 300', run_in_background: true }), say('The server runs in the background.'));
    await send('Start the server in the background');
    const chat = wb.chat();
    await chat.locator('[data-testid="approval-card"][data-status="pending"]').getByTestId('approval-allow').click({ timeout: patient(30_000) });
    const job = chat.getByTestId('background-job');
    await job.waitFor({ timeout: patient(30_000) });
    const pid = await until(pidIn('bg.pid'), 'the background pid');
    assert.ok(alive(pid));
    assert.match(await job.locator('.background-owner').innerText(), /^main$/);
    assert.match(await job.locator('.background-command').innerText(), /exec sleep 300/);
    assert.match(await job.locator('.background-time').innerText(), /\d+ s/);
    await job.locator('.background-lines', { hasText: 'serving on 8080' }).waitFor({ timeout: patient(20_000) });

    await job.getByTestId('background-stop').click();
    await chat.getByTestId('background-list').waitFor({ state: 'detached', timeout: patient(20_000) });
    await until(() => !alive(pid), 'the stopped command to be gone');
  });

  it('"Move to background" on a running command returns its id to the model and lists it', async () => {
    const { llm, wb } = suite;
    llm.push(use('tu_fg', 'Bash', { command: 'echo $$ > fg.pid; echo building; exec sleep 300', timeout: 600_000 }), say('Moved; I will check on it later.'));
    await send('Run the long build');
    const chat = wb.chat();
    await chat.locator('[data-testid="approval-card"][data-status="pending"]').getByTestId('approval-allow').click({ timeout: patient(30_000) });
    const card = chat.locator('[data-testid="tool-card"][data-tool="Bash"][data-status="running"]');
    await card.getByTestId('tool-live').filter({ hasText: 'building' }).waitFor({ timeout: patient(30_000) });
    await card.getByTestId('tool-move-background').click();
    await chat.getByText('Moved; I will check on it later.').waitFor({ timeout: patient(30_000) });
    const toolResult = llm.requests.at(-1)!.body.messages.at(-1).content.find((b: { type: string }) => b.type === 'tool_result');
    const text = typeof toolResult.content === 'string' ? toolResult.content : toolResult.content.map((c: { text: string }) => c.text).join('');
    assert.match(text, /^Command moved to the background with id \S+ \(the user moved it there while it ran\)/);
    assert.match(text, /Output so far:\nbuilding/);
    const pid = await until(pidIn('fg.pid'), 'the pid');
    const job = chat.getByTestId('background-job');
    await job.waitFor({ timeout: patient(20_000) });
    assert.ok(alive(pid));
    await job.getByTestId('background-stop').click();
    await until(() => !alive(pid), 'the moved command to be gone');
  });

  it('a sub-agent\'s running command can be moved to the background from its card; the list names the sub-agent as its owner', async () => {
    const { llm, wb } = suite;
    llm.push(
      use('tu_agent2', 'Agent', { description: 'Start the watcher', prompt: 'Run the watcher.', subagent_type: 'general-purpose' }),
      use('tu_sub_watch', 'Bash', { command: 'echo $$ > watch.pid; echo watching; exec sleep 300', timeout: 600_000 }),
      say('Report: the watcher runs in the background.'),
      say('The watcher runs.'),
    );
    await send('Delegate the watcher');
    const chat = wb.chat();
    await chat.locator('[data-testid="approval-card"][data-status="pending"]').getByTestId('approval-allow').click({ timeout: patient(30_000) });
    const call = chat.locator('[data-testid="subagent-call"][data-tool="Bash"][data-status="running"]');
    await until(pidIn('watch.pid'), 'the watcher to start');
    await call.getByTestId('tool-move-background').click({ timeout: patient(30_000) });
    await chat.getByText('The watcher runs.').waitFor({ timeout: patient(30_000) });
    const job = chat.getByTestId('background-job');
    await job.waitFor({ timeout: patient(20_000) });
    assert.match(await job.locator('.background-owner').innerText(), /^general-purpose$/);
    const pid = await until(pidIn('watch.pid'), 'the pid');
    await job.getByTestId('background-stop').click();
    await until(() => !alive(pid), 'the moved command to be gone');
  });

  it('reloading the window (the extension host shuts down) stops every background command: no pid survives', async () => {
    const { llm, wb } = suite;
    llm.push(use('tu_bg2', 'Bash', { command: 'sleep 300 & echo $! > child2.pid; echo $$ > bg2.pid; wait', run_in_background: true }), say('Started again.'));
    await send('Start it again');
    const chat = wb.chat();
    await chat.locator('[data-testid="approval-card"][data-status="pending"]').getByTestId('approval-allow').click({ timeout: patient(30_000) });
    await chat.getByTestId('background-job').waitFor({ timeout: patient(30_000) });
    const pids = [await until(pidIn('bg2.pid'), 'the leader pid'), await until(pidIn('child2.pid'), 'the child pid')];
    assert.ok(pids.every(alive));
    await runCommand(wb, 'Developer: Reload Window');
    await until(() => pids.every((p) => !alive(p)), 'every background process to stop with the extension host', 60_000);
  });
});
