// The panel's sub-agent card: the core's sub-agent events become one card inside the Agent call
// (its calls live, a nested sub-agent's labelled, its figures at the end), and after a reload the
// same card is rebuilt from the parent's log line and the sub-agent's own transcript.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent } from '../../src/core/agent/events';
import { SessionRecorder } from '../../src/core/agent/recorder';
import { SessionLog } from '../../src/core/session/log';
import { toTranscript } from '../../src/core/session/replay';
import { applyEvent } from '../../src/protocol/transcript';
import type { TranscriptItem } from '../../src/protocol/messages';
import { subagentFromLog } from '../../src/extension/subagentCards';
import { UiEventMapper } from '../../src/extension/uiEvents';

const usage = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0 };
const wrap = (event: AgentEvent, agentType = 'Explore'): AgentEvent => ({ type: 'subagent_event', toolUseId: 'toolu_agent', agentId: 'agent-1', agentType, event });

describe('sub-agent cards in the panel', () => {
  it('folds a sub-agent\'s events into its Agent card: calls as they run, nested ones labelled, figures at the end', () => {
    const m = new UiEventMapper('/ws');
    const events: AgentEvent[] = [
      { type: 'tool_call', id: 'toolu_agent', assistantId: 'a1', name: 'Agent', input: { description: 'find uses', prompt: 'p', subagent_type: 'Explore' } },
      { type: 'subagent_start', toolUseId: 'toolu_agent', agentId: 'agent-1', agentType: 'Explore', description: 'find uses', model: 'm' },
      wrap({ type: 'tool_call', id: 'c1', assistantId: 's1', name: 'Grep', input: { pattern: 'foo' } }),
      wrap({ type: 'tool_result', toolUseId: 'c1', name: 'Grep', content: 'Found 2 files\n/ws/a.ts\n/ws/b.ts', isError: false }),
      wrap({ type: 'subagent_event', toolUseId: 'c2', agentId: 'agent-2', agentType: 'Plan', event: { type: 'tool_call', id: 'c3', assistantId: 's2', name: 'Read', input: { file_path: '/ws/a.ts' } } }),
      wrap({ type: 'tool_call', id: 'c4', assistantId: 's1', name: 'Bash', input: { command: 'rm -rf /' } }),
      wrap({ type: 'tool_result', toolUseId: 'c4', name: 'Bash', content: 'Permission denied: no', isError: true }),
      { type: 'subagent_end', toolUseId: 'toolu_agent', agentId: 'agent-1', agentType: 'Explore', status: 'completed', toolCount: 3, usage, costUsd: 0.0012, durationMs: 2500 },
    ];
    let items: TranscriptItem[] = [];
    for (const ev of events) for (const ui of m.map(ev)) items = applyEvent(items, ui);
    assert.equal(items.length, 1, 'nested calls stay inside the card, not in the transcript');
    const card = items[0];
    assert.ok(card.kind === 'tool' && card.agent);
    assert.deepEqual(
      card.agent.calls.map((c) => [c.name, c.status, c.agent, c.summary ?? c.title]),
      [
        ['Grep', 'done', 'Explore', "'foo' · 2 files"],
        ['Read', 'running', 'Explore › Plan', '/ws/a.ts'],
        ['Bash', 'denied', 'Explore', 'rm -rf /'],
      ],
    );
    assert.deepEqual([card.agent.status, card.agent.toolCount, card.agent.tokens, card.agent.costUsd, card.agent.durationMs], ['done', 3, 120, 0.0012, 2500]);
  });

  it('after a reload the card comes back from the parent\'s log and the sub-agent\'s transcript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-subui-'));
    try {
      const child = SessionLog.create(join(dir, 'subagents'), { sessionId: 'agent-9', cwd: dir, provider: 'anthropic', model: 'm' });
      const rec = new SessionRecorder(child);
      rec.record({ type: 'user_message', id: 'u', text: 'look' });
      rec.record({ type: 'assistant_message', id: 'a', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'Glob', input: { pattern: '**/*.ts' } }] }, usage, stopReason: 'tool_use' });
      rec.record({ type: 'tool_results', message: { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: '/a.ts\n/b.ts' }] } });
      child.close();
      const parent = SessionLog.create(dir, { cwd: dir, provider: 'anthropic', model: 'm' });
      const prec = new SessionRecorder(parent);
      prec.record({ type: 'assistant_message', id: 'p', message: { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_x', name: 'Agent', input: { description: 'd', prompt: 'p', subagent_type: 'Explore' } }] }, usage, stopReason: 'tool_use' });
      prec.record({ type: 'subagent_start', toolUseId: 'toolu_x', agentId: 'agent-9', agentType: 'Explore', description: 'scan', model: 'm', logFile: child.file });
      prec.record({ type: 'subagent_end', toolUseId: 'toolu_x', agentId: 'agent-9', agentType: 'Explore', status: 'completed', toolCount: 1, usage, durationMs: 900 });
      parent.close();
      const entry = toTranscript(SessionLog.read(parent.file).events).find((e) => e.kind === 'tool');
      assert.ok(entry && entry.kind === 'tool' && entry.subagent);
      const card = subagentFromLog(entry.subagent);
      assert.equal(card.status, 'done');
      assert.equal(card.description, 'scan');
      assert.deepEqual(card.calls.map((c) => [c.name, c.status, c.summary]), [['Glob', 'done', '**/*.ts · 2 files']]);
      assert.equal(card.tokens, 120);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
