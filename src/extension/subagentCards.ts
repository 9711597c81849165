// A sub-agent's card in the panel: its figures when it ends, and after a reload the whole card
// rebuilt from the parent's log line about it and the sub-agent's own transcript.
import type { SubagentBody } from '../core/session/events';
import { SessionLog } from '../core/session/log';
import { toTranscript } from '../core/session/replay';
import type { NestedCallView, SubagentView } from '../protocol/messages';
import { english, subagentFigures, toolSummary, toolTitle } from './uiEvents';
import type { Translate } from './uiEvents';

/** A sub-agent's card after a reload: its figures from the parent's log, its calls from its own log. */
export function subagentFromLog(info: Omit<SubagentBody, 'type'>, short: (p: string) => string = (p) => p, tr: Translate = english): SubagentView {
  let calls: NestedCallView[] = [];
  if (info.logFile) {
    try {
      calls = toTranscript(SessionLog.read(info.logFile).events).flatMap((c): NestedCallView[] => {
        if (c.kind !== 'tool') return [];
        const denied = c.decision?.decision === 'deny' || !!c.result?.content.startsWith('Permission denied');
        const status = !c.result ? 'error' : denied ? 'denied' : c.result.isError ? 'error' : 'done';
        const summary = c.result && !denied ? toolSummary(c.name, c.input, c.result.content, c.result.isError, short, tr) : undefined;
        return [{ id: c.toolUseId, name: c.name, title: toolTitle(c.name, c.input), status, agent: info.agentType, ...(summary ? { summary } : {}) }];
      });
    } catch {
      // The transcript file is gone: the card keeps its figures.
    }
  }
  const figures = info.status && info.usage && info.durationMs !== undefined ? subagentFigures({ status: info.status, toolCount: info.toolCount ?? calls.length, usage: info.usage, costUsd: info.costUsd, durationMs: info.durationMs }) : { status: 'stopped' as const };
  return { agentType: info.agentType, description: info.description, calls, ...figures } as SubagentView;
}

