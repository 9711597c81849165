// What a chat asks of the registry it belongs to (chatRegistry.ts implements it). Kept apart from
// both so that the chat controller does not import the registry that imports it: `Chat` is the
// controller's own type, filled in by the registry.
import type { SessionSummary, UiEvent, WebviewToHost } from '../protocol/messages';

export type SessionMessage = Extract<WebviewToHost, { type: 'listSessions' | 'resumeSession' | 'renameSession' | 'deleteSession' | 'forkSession' }>;

export interface ChatHost<Chat> {
  /** The workspace's session history (History, /resume). */
  readonly sessions: {
    list(): SessionSummary[];
    receive(chat: Chat, msg: SessionMessage): Promise<void>;
  };
  /** The chat that shows an edit card: the one whose tool call proposed it, else the side-bar chat. */
  cardOwner(event: UiEvent): Chat;
  /** The chat's view got the keyboard focus. */
  focus(chat: Chat): void;
}
