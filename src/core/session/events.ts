// What a session log holds, one event per JSONL line (ARCHITECTURE.md, "A session is an event log").
// The model's message list and the transcript are derived from these, so an event records what
// happened, never a view of it. New kinds are added as new `type`s; readers skip types they do not
// know, so an older Tandem can still resume a log written by a newer one.
import type { TurnStatus } from '../agent/events';
import type { ContentBlock, Message, ProviderId, StopReason, Usage } from '../llm/types';
import type { ProposalOutcome } from '../ports';

/** Bumped only for changes an older reader would misread; new event types do not need it. */
export const SESSION_LOG_VERSION = 1;

/** Every line carries these, assigned by SessionLog.append. */
export interface EventStamp {
  /** 1-based and consecutive within one file. */
  seq: number;
  /** ISO 8601. */
  time: string;
}

export interface SessionStartBody {
  type: 'session_start';
  sessionId: string;
  cwd: string;
  provider: ProviderId;
  model: string;
  version: typeof SESSION_LOG_VERSION;
  /** Set on a fork: the session and the last event of it that this one copied. */
  forkedFrom?: { sessionId: string; seq: number };
}

export interface UserMessageBody {
  type: 'user_message';
  id: string;
  text: string;
  /** What the model got after the text: context resolved from mentions, pasted images. */
  extra?: ContentBlock[];
  /** What the user typed when a slash command became the text ("/review 42"); the transcript shows it. */
  command?: string;
}

export interface AssistantMessageBody {
  type: 'assistant_message';
  id: string;
  message: Message;
  usage: Usage;
  stopReason: StopReason;
}

export interface ToolResultsBody {
  type: 'tool_results';
  /** role 'user' with one tool_result block per finished call. */
  message: Message;
}

export interface PermissionDecisionBody {
  type: 'permission_decision';
  toolUseId: string;
  toolName: string;
  decision: 'allow' | 'deny';
  /** What decided: the permission mode, a rule, the user when asked, or a hook. */
  by: 'mode' | 'rule' | 'user' | 'hook';
  reason?: string;
}

export interface ProposalBody {
  type: 'proposal';
  toolUseId: string;
  absPath: string;
  /** How many hunks the edit had. */
  hunks: number;
  /** 'pending' when shown for review; one of the review outcomes once decided. */
  status: 'pending' | ProposalOutcome['status'];
  acceptedHunks?: number[];
  comment?: string;
}

export interface ErrorBody {
  type: 'error';
  message: string;
  kind: string;
}

export interface TurnEndBody {
  type: 'turn_end';
  status: TurnStatus;
}

export interface TitleBody {
  type: 'title';
  title: string;
}

export interface CompactionBody {
  type: 'compaction';
  /** The assistant's notes (summary) or the truncation's note; the model gets them as the assistant's words. */
  summary: string;
  /** Messages derived from events up to and including this seq are replaced by the summary. */
  replacesThroughSeq: number;
  /** Written by Tandem 12+: how and why, the figures, the ledger sent as session memory, and the kept tail. */
  method?: 'summary' | 'truncate';
  trigger?: 'auto' | 'manual' | 'overflow';
  tokensBefore?: number;
  tokensAfter?: number;
  cleared?: string;
  ledger?: string;
  /** Messages from before replacesThroughSeq that stay as they were, after the ledger and notes. */
  kept?: Message[];
}

/** Micro-compaction or collapse: these tool results are sent as their stubs from here on. */
export interface ContextClearedBody {
  type: 'context_cleared';
  method: 'micro' | 'collapse';
  trigger: 'auto' | 'manual' | 'overflow';
  tokensBefore: number;
  tokensAfter: number;
  cleared: string;
  stubs: { toolUseId: string; text: string }[];
}

/** One file as it was before the agent first changed it in a turn (see src/core/checkpoints). */
export interface CheckpointFile {
  path: string;
  /** sha256 of the earlier bytes in the checkpoint blob store; null when the file did not exist. */
  hash: string | null;
  /** Permission bits (e.g. 0o755) of the earlier file, when known, so a restore keeps them. */
  mode?: number;
  /** Set when the earlier content could not be saved: why (a rewind reports it, and leaves the file). */
  notRestorable?: string;
}

/** Files changed after one user message, with what they held before; a turn may log several. */
export interface CheckpointBody {
  type: 'checkpoint';
  userMessageId: string;
  files: CheckpointFile[];
}

/**
 * A sub-agent run by the Agent call toolUseId: logged when it starts and again when it ends (with
 * status and figures). Its own transcript is the session log at logFile.
 */
export interface SubagentBody {
  type: 'subagent';
  toolUseId: string;
  agentId: string;
  agentType: string;
  description: string;
  model: string;
  logFile?: string;
  status?: TurnStatus;
  toolCount?: number;
  usage?: Usage;
  costUsd?: number;
  durationMs?: number;
}

/** An event as passed to SessionLog.append: everything but seq and time. */
export type SessionEventBody =
  | SessionStartBody
  | UserMessageBody
  | AssistantMessageBody
  | ToolResultsBody
  | PermissionDecisionBody
  | ProposalBody
  | ErrorBody
  | TurnEndBody
  | TitleBody
  | CompactionBody
  | ContextClearedBody
  | CheckpointBody
  | SubagentBody;

/** An event as stored: the body plus its stamp. Narrow on `type`. */
export type SessionEvent = SessionEventBody & EventStamp;

export type SessionEventType = SessionEventBody['type'];

/** The stored event of one type, e.g. `EventOf<'compaction'>`. */
export type EventOf<T extends SessionEventType> = Extract<SessionEventBody, { type: T }> & EventStamp;
