// Derives the two views of a session from its log: the message list sent to the model (resume) and
// the list the chat panel shows. Both are pure functions of the events, so they can never drift.
import type { ContentBlock, Message } from '../llm/types';
import { applyStubs, replayCompaction, stubsOf } from '../context/record';
import type { SessionEvent, SubagentBody } from './events';

export const UNFINISHED_TOOL_RESULT = 'The session ended before this tool call finished; it has no result.';

interface Sourced {
  message: Message;
  /** seq of the event the message came from; a compaction drops messages up to a seq. */
  seq: number;
}

/**
 * The model's message list: user text, assistant messages and tool results in log order, with a
 * compaction's summary in place of the messages it replaces. The result is valid for the APIs:
 * roles alternate, it starts with a user message, and every tool_use has a tool_result right after.
 */
export function toMessages(events: readonly SessionEvent[]): Message[] {
  let sourced: Sourced[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'user_message':
        sourced.push({ seq: e.seq, message: { role: 'user', content: [{ type: 'text', text: e.text }, ...validExtra(e.extra)] } });
        break;
      case 'assistant_message':
      case 'tool_results':
        // Copies, so normalising below never changes the events a caller still holds.
        sourced.push({ seq: e.seq, message: { role: e.message.role, content: [...e.message.content] } });
        break;
      case 'compaction': {
        // The ledger (Tandem's record, user role), the notes (the assistant's), the kept tail, then what came after.
        const kept = sourced.filter((s) => s.seq > e.replacesThroughSeq);
        sourced = [...replayCompaction(e).map((message) => ({ seq: e.seq, message })), ...kept];
        break;
      }
      default:
        break;
    }
  }
  // Tool results cleared by micro-compaction or collapse go as their stubs, as they did before.
  return normalize(applyStubs(sourced.map((s) => s.message), stubsOf(events)));
}

/**
 * The context and images logged with a user message, as the model got them. The log is a file a
 * person can edit: blocks that are not well-formed text or images are left out.
 */
function validExtra(extra: unknown): ContentBlock[] {
  if (!Array.isArray(extra)) return [];
  return extra.filter((b: unknown): b is ContentBlock => {
    const block = b as Record<string, unknown> | null;
    if (typeof block !== 'object' || block === null) return false;
    if (block.type === 'text') return typeof block.text === 'string';
    return block.type === 'image' && typeof block.mediaType === 'string' && typeof block.data === 'string';
  });
}

/** Pairs tool calls with results, then merges same-role neighbours so roles alternate. */
function normalize(input: Message[]): Message[] {
  const messages = input.filter((m) => m.content.length > 0);
  const out: Message[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.role === 'assistant') {
      out.push(m);
      const calls = m.content.filter((b): b is Extract<ContentBlock, { type: 'tool_use' }> => b.type === 'tool_use');
      if (calls.length === 0) continue;
      // Results for these calls are in the user messages up to the next assistant message.
      const answered = new Set<string>();
      for (let j = i + 1; j < messages.length && messages[j].role === 'user'; j++) {
        for (const b of messages[j].content) if (b.type === 'tool_result') answered.add(b.toolUseId);
      }
      const missing: ContentBlock[] = calls
        .filter((c) => !answered.has(c.id))
        .map((c) => ({ type: 'tool_result', toolUseId: c.id, content: UNFINISHED_TOOL_RESULT, isError: true }));
      if (missing.length) out.push({ role: 'user', content: missing });
    } else {
      out.push(m);
    }
  }
  return fixResults(mergeSameRole(out));
}

function mergeSameRole(messages: Message[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    const prev = out[out.length - 1];
    if (prev && prev.role === m.role) prev.content = [...prev.content, ...m.content];
    else out.push({ role: m.role, content: [...m.content] });
  }
  // Both APIs need the conversation to open with the user.
  if (out[0]?.role === 'assistant') out.unshift({ role: 'user', content: [{ type: 'text', text: '(conversation resumed)' }] });
  return out;
}

/**
 * Puts tool results first in each user message, in the order of their calls (the Anthropic API
 * requires results first). A tool_result whose call is not in the assistant message just before it
 * (a compaction or a fork cut between the two) would be rejected by the API; it becomes text so
 * nothing is lost.
 */
function fixResults(messages: Message[]): Message[] {
  return messages.map((m, i) => {
    if (m.role !== 'user') return m;
    const prev = messages[i - 1];
    const order = new Map<string, number>();
    for (const b of prev?.content ?? []) if (b.type === 'tool_use') order.set(b.id, order.size);
    const content = m.content.map((b): ContentBlock =>
      b.type === 'tool_result' && !order.has(b.toolUseId)
        ? { type: 'text', text: `[Result of an earlier tool call ${b.toolUseId}${b.isError ? ' (error)' : ''}]\n${b.content}` }
        : b,
    );
    const rank = (b: ContentBlock): number => (b.type === 'tool_result' ? order.get(b.toolUseId)! : order.size);
    // Array.prototype.sort is stable, so other content keeps its order after the results.
    return { role: 'user', content: content.sort((a, b) => rank(a) - rank(b)) };
  });
}

/** What the chat panel shows for a log. Tool calls carry their decision, proposal and result. */
export type TranscriptEntry =
  | { kind: 'user'; seq: number; id: string; text: string; /** Pasted images sent with it. */ images?: number }
  | { kind: 'assistant'; seq: number; id: string; text: string; thinking: string }
  | {
      kind: 'tool';
      seq: number;
      toolUseId: string;
      name: string;
      input: unknown;
      decision?: { decision: 'allow' | 'deny'; by: string; reason?: string };
      proposal?: { absPath: string; hunks: number; status: string };
      /** Undefined while running, or when the session ended before the call finished. */
      result?: { content: string; isError: boolean };
      /** For an Agent call: the sub-agent it ran (the last line logged about it). */
      subagent?: Omit<SubagentBody, 'type'>;
    }
  | { kind: 'error'; seq: number; message: string; errorKind: string }
  /** A "context compacted here" divider (summary/truncate from compaction, micro/collapse from context_cleared). */
  | { kind: 'compaction'; seq: number; summary: string; method: string; trigger: string; tokensBefore: number; tokensAfter: number; cleared: string };

type ToolEntry = Extract<TranscriptEntry, { kind: 'tool' }>;

export function toTranscript(events: readonly SessionEvent[]): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  const tools = new Map<string, ToolEntry>();
  for (const e of events) {
    switch (e.type) {
      case 'user_message': {
        const images = validExtra(e.extra).filter((b) => b.type === 'image').length;
        // A slash command shows as the user typed it; the model got its expansion.
        out.push({ kind: 'user', seq: e.seq, id: e.id, text: typeof e.command === 'string' && e.command ? e.command : e.text, ...(images ? { images } : {}) });
        break;
      }
      case 'assistant_message': {
        const text = e.message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
        const thinking = e.message.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : [])).join('');
        if (text || thinking) out.push({ kind: 'assistant', seq: e.seq, id: e.id, text, thinking });
        for (const b of e.message.content) {
          if (b.type !== 'tool_use') continue;
          const entry: ToolEntry = { kind: 'tool', seq: e.seq, toolUseId: b.id, name: b.name, input: b.input };
          tools.set(b.id, entry);
          out.push(entry);
        }
        break;
      }
      case 'tool_results':
        for (const b of e.message.content) {
          const entry = b.type === 'tool_result' ? tools.get(b.toolUseId) : undefined;
          if (entry && b.type === 'tool_result') entry.result = { content: b.content, isError: b.isError ?? false };
        }
        break;
      case 'permission_decision': {
        const entry = tools.get(e.toolUseId);
        if (entry) entry.decision = { decision: e.decision, by: e.by, ...(e.reason !== undefined ? { reason: e.reason } : {}) };
        break;
      }
      case 'proposal': {
        const entry = tools.get(e.toolUseId);
        if (entry) entry.proposal = { absPath: e.absPath, hunks: e.hunks, status: e.status };
        break;
      }
      case 'error':
        out.push({ kind: 'error', seq: e.seq, message: e.message, errorKind: e.kind });
        break;
      case 'compaction':
        out.push({
          kind: 'compaction', seq: e.seq, summary: e.summary, method: e.method ?? 'summary', trigger: e.trigger ?? 'auto',
          tokensBefore: e.tokensBefore ?? 0, tokensAfter: e.tokensAfter ?? 0, cleared: e.cleared ?? 'earlier messages summarised',
        });
        break;
      case 'context_cleared':
        out.push({ kind: 'compaction', seq: e.seq, summary: '', method: e.method, trigger: e.trigger, tokensBefore: e.tokensBefore, tokensAfter: e.tokensAfter, cleared: e.cleared });
        break;
      case 'subagent': {
        const entry = tools.get(e.toolUseId);
        const { type: _type, seq: _seq, time: _time, ...info } = e;
        if (entry) entry.subagent = info;
        break;
      }
      default:
        break;
    }
  }
  return out;
}
