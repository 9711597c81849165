// The last stop before a request leaves: whatever the loop, a host or a resumed log put into the
// system prompt, the user's messages and the tool results passes the invisible-character filter.
// The model's own turns are sent back exactly (thinking blocks are signed, tool inputs are its own).
import type { ContentBlock, Message, ProviderRequest } from '../llm/types';
import { sanitizeForModel } from './unicode';

/**
 * The history is re-sent on every turn: each block's text is scanned once. Keyed by the block and
 * checked against its text, so a block changed in place is scanned again.
 */
const cleaned = new WeakMap<ContentBlock, { from: string; to: ContentBlock }>();

export function sanitizeRequest(request: ProviderRequest): ProviderRequest {
  return { ...request, system: sanitizeForModel(request.system, 'the system prompt'), messages: request.messages.map(sanitizeMessage) };
}

function sanitizeMessage(message: Message): Message {
  if (message.role !== 'user') return message;
  return { ...message, content: message.content.map(sanitizeBlock) };
}

function sanitizeBlock(block: ContentBlock): ContentBlock {
  if (block.type !== 'text' && block.type !== 'tool_result') return block;
  const text = block.type === 'text' ? block.text : block.content;
  const hit = cleaned.get(block);
  if (hit && hit.from === text) return hit.to;
  const to: ContentBlock =
    block.type === 'text' ? { ...block, text: sanitizeForModel(text, 'this message') } : { ...block, content: sanitizeForModel(text, 'this tool result') };
  cleaned.set(block, { from: text, to });
  return to;
}
