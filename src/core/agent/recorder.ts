// Writes what an agent run does into the session log, so resume and fork rebuild the same
// conversation. Text the user saw of a reply that was stopped or failed is logged as that reply.
import type { SubagentBody } from '../session/events';
import type { SessionLog } from '../session/log';
import { compactionRecord } from '../context/record';
import type { AgentEvent } from './events';

export class SessionRecorder {
  private partial = new Map<string, string>();
  private finished = new Set<string>();
  private subagents = new Map<string, Omit<SubagentBody, 'type'>>();

  constructor(private readonly log: SessionLog) {}

  record(ev: AgentEvent): void {
    switch (ev.type) {
      case 'user_message':
        this.log.append({ type: 'user_message', id: ev.id, text: ev.text, ...(ev.extra?.length ? { extra: ev.extra } : {}), ...(ev.command ? { command: ev.command } : {}) });
        return;
      case 'text_delta':
        this.partial.set(ev.id, (this.partial.get(ev.id) ?? '') + ev.text);
        return;
      case 'retry':
        if (ev.discardPartial) this.partial.delete(ev.id);
        return;
      case 'assistant_message':
        this.finished.add(ev.id);
        this.partial.delete(ev.id);
        this.log.append({ type: 'assistant_message', id: ev.id, message: ev.message, usage: ev.usage, stopReason: ev.stopReason });
        return;
      case 'permission':
        this.log.append({ type: 'permission_decision', toolUseId: ev.toolUseId, toolName: ev.toolName, decision: ev.decision, by: ev.by, reason: ev.reason });
        return;
      case 'tool_results':
        this.log.append({ type: 'tool_results', message: ev.message });
        return;
      case 'error':
        this.log.append({ type: 'error', message: ev.message, kind: ev.kind });
        return;
      case 'subagent_start':
        this.subagents.set(ev.agentId, { toolUseId: ev.toolUseId, agentId: ev.agentId, agentType: ev.agentType, description: ev.description, model: ev.model, ...(ev.logFile ? { logFile: ev.logFile } : {}) });
        this.log.append({ type: 'subagent', ...this.subagents.get(ev.agentId)! });
        return;
      case 'subagent_end': {
        const start = this.subagents.get(ev.agentId);
        this.subagents.delete(ev.agentId);
        if (start) {
          const { status, toolCount, usage, costUsd, durationMs } = ev;
          this.log.append({ type: 'subagent', ...start, status, toolCount, usage, ...(costUsd !== undefined ? { costUsd } : {}), durationMs });
        }
        return;
      }
      case 'compaction':
        this.log.append(compactionRecord(ev, this.log.lastSeq));
        return;
      case 'turn_end':
        for (const [id, text] of this.partial) {
          if (text && !this.finished.has(id)) {
            this.log.append({
              type: 'assistant_message',
              id,
              message: { role: 'assistant', content: [{ type: 'text', text }] },
              usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
              stopReason: 'other',
            });
          }
        }
        this.partial.clear();
        this.log.append({ type: 'turn_end', status: ev.status });
        return;
      default:
        return;
    }
  }
}
