// The panel's transcript for a stored session, derived from its log events (resume, fork, a
// window reload): the same items the live turn's events fold into.
import * as path from 'node:path';
import type { SessionEvent } from '../core/session/events';
import { toTranscript, UNFINISHED_TOOL_RESULT } from '../core/session/replay';
import type { TranscriptItem } from '../protocol/messages';
import { t } from './l10n';
import { subagentFromLog } from './subagentCards';
import { compactionView, todosFrom, toolSummary, toolTitle } from './uiEvents';

/** Same cap as live tool cards (uiEvents.ts): a long result is cut in the transcript, not in the log. */
const MAX_TOOL_TEXT = 20_000;
const cap = (s: string) => (s.length > MAX_TOOL_TEXT ? `${s.slice(0, MAX_TOOL_TEXT)}\n${t('… ({0} more characters)', s.length - MAX_TOOL_TEXT)}` : s);

/**
 * The panel's transcript for a stored session: messages, tool cards with their results and one-line
 * summaries, errors. Edit review cards are not rebuilt (the diff is not in the log); the edit's tool
 * card says how the review ended. `root` shortens paths in summaries as the live cards do.
 */
export function transcriptOf(events: readonly SessionEvent[], root?: string): TranscriptItem[] {
  const short = (p: string) => {
    if (!root || !path.isAbsolute(p)) return p;
    const rel = path.relative(root, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
  };
  return toTranscript(events).map((e): TranscriptItem => {
    switch (e.kind) {
      case 'user':
        return { kind: 'user', id: e.id, text: e.text, ...(e.images ? { images: e.images } : {}) };
      case 'assistant':
        return { kind: 'assistant', id: e.id, text: e.text, thinking: e.thinking, status: 'done' };
      case 'error':
        return { kind: 'error', id: `log-error-${e.seq}`, message: e.message };
      case 'compaction':
        return { kind: 'compaction', id: `log-compaction-${e.seq}`, ...compactionView(e) };
      case 'tool': {
        const result = e.result ?? { content: UNFINISHED_TOOL_RESULT, isError: true };
        const denied = e.decision?.decision === 'deny' || result.content.startsWith('Permission denied');
        const summary = e.result && !denied ? toolSummary(e.name, e.input, result.content, result.isError, short, t) : undefined;
        const todos = e.name === 'TodoWrite' && e.result && !result.isError ? todosFrom(e.input) : undefined;
        return {
          kind: 'tool',
          id: e.toolUseId,
          name: e.name,
          title: toolTitle(e.name, e.input),
          input: cap(JSON.stringify(e.input, null, 2) ?? ''),
          output: cap(result.content),
          status: denied ? 'denied' : result.isError ? 'error' : 'done',
          ...(summary !== undefined ? { summary } : {}),
          ...(todos ? { todos } : {}),
          ...(e.subagent ? { agent: subagentFromLog(e.subagent, short, t) } : {}),
        };
      }
    }
  });
}
