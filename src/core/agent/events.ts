import type { Message, StopReason, Usage } from '../llm/types';

/** What a conversation turn reports as it happens, in order. */
export type AgentEvent =
  | { type: 'user_message'; id: string; text: string }
  | { type: 'assistant_start'; id: string }
  | { type: 'text_delta'; id: string; text: string }
  | { type: 'thinking_delta'; id: string; text: string }
  | { type: 'assistant_message'; id: string; message: Message; stopReason: StopReason; usage: Usage }
  | { type: 'error'; message: string; kind: string }
  | { type: 'turn_end'; status: TurnStatus };

export type TurnStatus = 'completed' | 'aborted' | 'error';
