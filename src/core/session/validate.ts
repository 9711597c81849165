// Checks one parsed log line before replay trusts it. A session log is a file people (and crashes)
// can damage: an event that replay would misread is skipped, a message block the APIs would
// reject (a tool_use without id or name) is dropped, each with a warning naming the line. What
// remains always replays into a valid request. Fields beyond the checked ones are kept as they
// are, so a newer Tandem's additions survive.
import { z } from 'zod';
import type { SessionEvent } from './events';

const image = z.object({ mediaType: z.string(), data: z.string() });
const BLOCK = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }),
  z.object({ type: z.literal('redacted_thinking'), data: z.string() }),
  z.object({ type: z.literal('tool_use'), id: z.string().trim().min(1), name: z.string().trim().min(1), input: z.unknown() }),
  z.object({ type: z.literal('tool_result'), toolUseId: z.string().trim().min(1), content: z.string(), isError: z.boolean().optional(), images: z.array(image).optional() }),
  z.object({ type: z.literal('image'), mediaType: z.string(), data: z.string() }),
]);

const stamp = { seq: z.number().int().min(1), time: z.string() };
const message = (role: 'user' | 'assistant') => z.object({ role: z.literal(role), content: z.array(z.unknown()) });
const usage = z.object({ inputTokens: z.number(), outputTokens: z.number(), cacheReadTokens: z.number(), cacheWriteTokens: z.number() });

/** What each known event type must have; unknown types need only the stamp (replay skips them). */
const EVENTS: Record<string, z.ZodType> = {
  session_start: z.object({ ...stamp, sessionId: z.string().min(1) }),
  user_message: z.object({ ...stamp, id: z.string(), text: z.string() }),
  assistant_message: z.object({ ...stamp, id: z.string(), message: message('assistant') }),
  tool_results: z.object({ ...stamp, message: message('user') }),
  permission_decision: z.object({ ...stamp, toolUseId: z.string(), decision: z.enum(['allow', 'deny']) }),
  proposal: z.object({ ...stamp, toolUseId: z.string(), absPath: z.string(), hunks: z.number() }),
  error: z.object({ ...stamp, message: z.string(), kind: z.string() }),
  turn_end: z.object({ ...stamp, status: z.string() }),
  title: z.object({ ...stamp, title: z.string() }),
  compaction: z.object({ ...stamp, summary: z.string(), replacesThroughSeq: z.number().int() }),
  context_cleared: z.object({ ...stamp, stubs: z.array(z.unknown()) }),
};
const ANY = z.object(stamp);

export type Checked = { ok: true; event: SessionEvent; notes: string[] } | { ok: false; problem: string };

/**
 * `seenToolUses` carries the tool_use ids of earlier lines: an id used twice would make every later
 * request fail (the APIs require unique ids), so the repeat is dropped.
 */
export function checkEvent(value: unknown, seenToolUses: Set<string>): Checked {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'is not a JSON object' };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, problem: 'has no type' };
  const parsed = (EVENTS[type] ?? ANY).safeParse(value);
  if (!parsed.success) return { ok: false, problem: `(${type}) is malformed: ${describe(parsed.error)}` };
  const event = { ...(value as SessionEvent) };
  const notes: string[] = [];
  if (event.type === 'assistant_message' || event.type === 'tool_results') {
    const content = event.message.content.filter((b, i) => {
      const block = BLOCK.safeParse(b);
      if (!block.success) {
        const kind = typeof (b as { type?: unknown })?.type === 'string' ? (b as { type: string }).type : 'unknown';
        notes.push(`dropped a malformed ${kind} block (#${i + 1}): ${describe(block.error)}`);
        return false;
      }
      if (block.data.type !== 'tool_use') return true;
      if (seenToolUses.has(block.data.id)) {
        notes.push(`dropped a tool_use whose id ${block.data.id} was already used earlier in the log`);
        return false;
      }
      seenToolUses.add(block.data.id);
      return true;
    });
    event.message = { ...event.message, content: content as typeof event.message.content };
    if (event.type === 'assistant_message' && !usage.safeParse(event.usage).success) {
      event.usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    }
  }
  return { ok: true, event, notes };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
