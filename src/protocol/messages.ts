// Messages between the extension host and the chat webview. The webview is untrusted: the host
// parses every message it receives with these schemas and drops anything that does not match.
import { z } from 'zod';
import { SLASH_NAMES } from './input';
import { linkTarget, MAX_LINK_CHARS } from './links';
import type { MentionItem } from './input';
import type { CustomCommandView } from './slashMenu';
export type { CustomCommandView } from './slashMenu';

// Plain values the webview needs live in ./constants, so importing them does not bundle zod.
import { IMAGE_MEDIA_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES, MODES, PROVIDERS } from './constants';
export { IMAGE_MEDIA_TYPES, MAX_IMAGE_BYTES, MAX_IMAGES, MODES, PROVIDERS, formatTokens, formatUsage } from './constants';
import type { ModeName, UsageView } from './constants';
export type { ModeName, UsageView } from './constants';
export const providerSchema = z.enum(PROVIDERS);
export type ProviderName = z.infer<typeof providerSchema>;

const MAX_PROMPT_CHARS = 200_000;
const MAX_HUNKS = 10_000;
const MAX_COMMENT_CHARS = 20_000;
/** A code block from the transcript; generous, since a reply may hold a whole file. */
const MAX_INSERT_CHARS = 1_000_000;
/** A model id as providers spell them: claude-sonnet-4-5, gpt-4o, llama3.1:8b, org/model@rev. */
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;
/** A session log's id (its file name without .jsonl): never a path. */
const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/);
const proposalIdSchema = z.string().min(1).max(200);
const hunkIndexSchema = z.number().int().min(0).max(MAX_HUNKS);
const imageSchema = z
  .object({
    mediaType: z.enum(IMAGE_MEDIA_TYPES),
    data: z.string().min(1).max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type ImageAttachment = z.infer<typeof imageSchema>;

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('send'), text: z.string().min(1).max(MAX_PROMPT_CHARS), images: z.array(imageSchema).max(MAX_IMAGES).optional() }).strict(),
  z.object({ type: z.literal('stop') }).strict(),
  z.object({ type: z.literal('newChat') }).strict(),
  z.object({ type: z.literal('openSetup') }).strict(),
  z
    .object({
      type: z.literal('saveSetup'),
      provider: providerSchema,
      apiKey: z.string().trim().min(1).max(1000),
      baseUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).optional(),
    })
    .strict(),
  // The review of one edit proposal: some hunks, or all of them at once, plus an optional comment
  // for the model. The host acts only on a proposal that is still pending.
  z
    .object({
      type: z.literal('reviewProposal'),
      proposalId: proposalIdSchema,
      decisions: z
        .array(z.object({ hunk: hunkIndexSchema, accept: z.boolean() }).strict())
        .min(1)
        .max(MAX_HUNKS)
        .optional(),
      all: z.enum(['accept', 'reject']).optional(),
      comment: z.string().max(MAX_COMMENT_CHARS).optional(),
    })
    .strict()
    .refine((m) => (m.decisions === undefined) !== (m.all === undefined), { message: 'give exactly one of decisions or all' }),
  /** The user's answer to one approval question; acted on only while that question is open. */
  z
    .object({
      type: z.literal('approve'),
      approvalId: z.string().regex(/^ap-[\w.-]{1,200}$/),
      decision: z.enum(['allow', 'deny']),
      remember: z.boolean().optional(),
      /** Allow always: one of the rules offered with the question, and where to keep it. */
      always: z.object({ rule: z.string().min(1).max(1000), scope: z.enum(['session', 'local', 'project', 'user']) }).strict().optional(),
      message: z.string().max(MAX_COMMENT_CHARS).optional(),
    })
    .strict(),
  z.object({ type: z.literal('setMode'), mode: z.enum(MODES) }).strict(),
  /** Go back to before one of the user's messages: the files, the conversation, or both. */
  z
    .object({ type: z.literal('rewind'), userMessageId: z.string().min(1).max(200), mode: z.enum(['files', 'conversation', 'both']) })
    .strict(),
  /** Undo one hunk of an edit that was applied without review (acceptEdits mode). */
  z.object({ type: z.literal('revertProposalHunk'), proposalId: proposalIdSchema, hunk: hunkIndexSchema }).strict(),
  /** A link the user clicked in the transcript; the host opens it through VS Code (http(s) and mailto only). */
  z.object({ type: z.literal('openLink'), url: z.string().max(MAX_LINK_CHARS).refine((u) => linkTarget(u) === u, 'not an http(s) or mailto link') }).strict(),
  /** A code block's text, to put at the cursor of the active editor (replacing the selection). */
  z.object({ type: z.literal('insertAtCursor'), text: z.string().min(1).max(MAX_INSERT_CHARS) }).strict(),
  /** Send the last user message again (after an error). */
  z.object({ type: z.literal('retry') }).strict(),
  /** Use this model from the next request on (the tandem.model setting). */
  z.object({ type: z.literal('setModel'), model: z.string().regex(MODEL_ID_PATTERN) }).strict(),
  /** The workspace's session history: list it, open one in this chat, rename or delete one. */
  z.object({ type: z.literal('listSessions') }).strict(),
  z.object({ type: z.literal('resumeSession'), sessionId: sessionIdSchema }).strict(),
  z.object({ type: z.literal('renameSession'), sessionId: sessionIdSchema, title: z.string().trim().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]*$/) }).strict(),
  z.object({ type: z.literal('deleteSession'), sessionId: sessionIdSchema }).strict(),
  /** A new chat in an editor tab with this conversation up to before one of the user's messages. */
  z.object({ type: z.literal('forkSession'), userMessageId: z.string().min(1).max(200) }).strict(),
  /** The view got the keyboard focus: commands act on its chat. */
  z.object({ type: z.literal('focus') }).strict(),
  /** What follows an @ in the input: the host answers with mentionResults. */
  z.object({ type: z.literal('mentionQuery'), query: z.string().max(200) }).strict(),
  /** A slash command the user ran from the input ("/model gpt-4o": name model, args gpt-4o). */
  z.object({ type: z.literal('slashCommand'), name: z.enum(SLASH_NAMES), args: z.string().max(1000) }).strict(),
  /** Take a queued message back before it is sent. */
  z.object({ type: z.literal('unqueue'), id: z.string().min(1).max(100) }).strict(),
  /** The slash menu opened: the host answers with the custom commands, skills and MCP prompts as they are now. */
  z.object({ type: z.literal('listCommands') }).strict(),
  /** Stop one of the chat's background commands (the list's Stop; the same path as KillShell). */
  z.object({ type: z.literal('stopBackground'), id: z.string().regex(/^[\w.-]{1,200}$/) }).strict(),
  /** Move a running foreground Bash command (by its tool call id) to the background now. */
  z.object({ type: z.literal('moveToBackground'), toolUseId: z.string().regex(/^[\w.-]{1,200}$/) }).strict(),
]);
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWebviewMessage(raw: unknown): ParseResult<WebviewToHost> {
  const r = webviewToHostSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const t = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  const type = typeof t === 'string' ? t : typeof raw;
  return { ok: false, error: `invalid message (${type.slice(0, 40)}): ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
}

/** Transcript events the host streams to the webview; the webview folds them with applyEvent. */
export type UiEvent =
  | { type: 'user_message'; id: string; text: string; images?: number }
  | { type: 'assistant_start'; id: string }
  | { type: 'text_delta'; id: string; text: string }
  | { type: 'thinking_delta'; id: string; text: string }
  | { type: 'assistant_end'; id: string; status: 'done' | 'stopped' | 'error' }
  | { type: 'retry'; id: string; message: string; discardPartial: boolean }
  | { type: 'tool_call'; id: string; name: string; title: string; input: string }
  | { type: 'tool_progress'; id: string; text: string }
  /** A hook ran for this tool call: one line for its card ("PreToolUse `./guard.sh`: blocked: …"). */
  | { type: 'tool_hook'; id: string; text: string; blocked: boolean }
  /** summary: what the call covered and how much, in one line ("src/a.ts · 120 lines", "exit code 0"). */
  | { type: 'tool_result'; id: string; isError: boolean; output: string; denied?: boolean; summary?: string }
  /** The agent's task list after a TodoWrite call (id: that call), shown above the input. */
  | { type: 'todos'; id: string; todos: TodoView[] }
  | { type: 'error'; id: string; message: string }
  /** agent: set when a sub-agent asks (its name), shown with the question. */
  | { type: 'approval'; id: string; toolName: string; summary: string; reason: string; suggestions: string[]; agent?: string }
  /** A sub-agent run by the Agent call id: its state and figures, and (call) one of its tool calls added or updated. */
  | { type: 'subagent'; id: string; agent: Partial<Omit<SubagentView, 'calls'>>; call?: NestedCallView }
  | { type: 'approval_settled'; id: string; decision: 'allow' | 'deny' }
  | ({ type: 'proposal' } & ProposalCard)
  | { type: 'proposal_update'; id: string; status: ProposalStatus; hunkStates: HunkState[]; comment?: string; message?: string }
  /** The model's context was compacted here (the transcript keeps everything; a divider marks the place). */
  | ({ type: 'compaction'; id: string } & CompactionView);

/** A "context compacted here" divider: how (micro, collapse, summary, truncate), why (auto, manual, overflow), what went, tokens before and after. */
export interface CompactionView {
  method: string;
  trigger: string;
  tokensBefore: number;
  tokensAfter: number;
  cleared: string;
}

/** A sub-agent's card inside its Agent call. */
export interface SubagentView {
  agentType: string;
  description: string;
  status: 'running' | 'done' | 'error' | 'stopped';
  /** Its tool calls as they happen (a nested sub-agent's too, labelled). */
  calls: NestedCallView[];
  toolCount?: number;
  tokens?: number;
  costUsd?: number;
  durationMs?: number;
}

export interface NestedCallView {
  id: string;
  name: string;
  title: string;
  status: 'running' | 'done' | 'error' | 'denied';
  summary?: string;
  /** Which sub-agent made it ("Explore", or "Plan › Explore" for a nested one). */
  agent: string;
}

/** One entry of the agent's task list (TodoWrite's fields). */
export interface TodoView {
  content: string;
  status: 'pending' | 'in_progress' | 'completed';
  activeForm: string;
}

/** Where an edit proposal stands; 'failed' means applying it threw (the message says why). */
export type ProposalStatus = 'pending' | 'applied' | 'partial' | 'rejected' | 'stale' | 'failed';
export type HunkState = 'pending' | 'accepted' | 'rejected' | 'reverted';

export interface ProposalHunkView {
  /** The unified-diff header, e.g. "@@ -3,7 +3,8 @@". */
  header: string;
  /** Unified-diff lines (' ', '-', '+', '\\' prefixed); capped for long hunks. */
  lines: string[];
  /** Where it is, in words ("lines 3-5"). */
  label: string;
}

/** An edit shown for review in the chat (and in the editor). */
export interface ProposalCard {
  /** The proposal id, also the transcript item id. */
  id: string;
  toolUseId: string;
  toolName: string;
  path: string;
  isNew: boolean;
  hunks: ProposalHunkView[];
  hunkStates: HunkState[];
  status: ProposalStatus;
  /** Applied without review (acceptEdits); hunks can be reverted. */
  autoApplied: boolean;
  comment?: string;
  message?: string;
}

export interface SetupState {
  configured: boolean;
  provider: ProviderName;
  model: string;
  baseUrl: string;
  /** Where the key came from, so the panel can say so; never the key itself. */
  keySource: 'secret' | 'env' | 'none';
  /** The mode the user chose, and the one in force (plan while the workspace is untrusted). */
  mode: ModeName;
  effectiveMode: ModeName;
  trustNotice?: string;
  /** The model picker's choices: the provider's default and known models, plus a custom one in use. */
  models?: string[];
  /** Where the model is served, as the user reads it ("Claude on Amazon Bedrock"); already localized. */
  providerLabel?: string;
}

export type HostToWebview =
  | { type: 'setup'; state: SetupState; showSetup: boolean }
  | { type: 'transcript'; sessionId: string; seq: number; items: TranscriptItem[]; busy: boolean }
  | { type: 'event'; sessionId: string; seq: number; event: UiEvent }
  | { type: 'busy'; sessionId: string; busy: boolean }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  /** Text to put back into the input box (after a conversation rewind). */
  | { type: 'prefill'; text: string }
  /** VS Code's l10n bundle for the webview's strings (English text → translation; {} in English). */
  | { type: 'l10n'; bundle: Record<string, string> }
  /** Focus the input. id: a replay after the view reloaded is acted on once. */
  | { type: 'focusInput'; id: number }
  /** Put a mention ("@selection(src/a.ts:3-7)") at the input's cursor and focus the input. */
  | { type: 'insertMention'; id: number; text: string }
  /** The chat's token use and cost so far, after each model reply. */
  | { type: 'usage'; sessionId: string; usage: UsageView }
  /** The workspace's stored sessions, newest first (History). */
  | { type: 'sessions'; sessions: SessionSummary[] }
  /** The picker's items for a mentionQuery (query: the one answered, so late answers are dropped). */
  | { type: 'mentionResults'; query: string; items: MentionItem[] }
  /** Messages sent while a turn runs, in the order they will go at the next turn boundary. */
  | { type: 'queue'; items: QueuedView[] }
  /** The slash menu's custom entries: commands and skills found on disk, MCP prompts (after listCommands, or when they change). */
  | { type: 'commands'; items: CustomCommandView[] }
  /** The chat's running background commands (whole list, small), after each change and as their output moves. */
  | { type: 'background'; jobs: BackgroundJobView[] }
  /**
   * The stored session this chat shows (null: none yet). The view keeps it in its webview state so
   * that after a window reload VS Code hands it back and the host reopens that session.
   */
  | { type: 'restoreKey'; sessionId: string | null };

/** A running background command in the panel's list. */
export interface BackgroundJobView {
  id: string;
  /** "main", or the sub-agent that started it. */
  owner: string;
  /** The command (its start, when long). */
  command: string;
  /** How long it had run when the list was sent (the view counts on from there). */
  runningMs: number;
  /** Its last lines of output. */
  lastLines: string;
}

/** A message waiting for the running turn to end. */
export interface QueuedView {
  id: string;
  text: string;
  /** How many images go with it. */
  images: number;
}

/** One stored session in the History list. */
export interface SessionSummary {
  id: string;
  title: string;
  /** When it was last written, ms since the epoch. */
  date: number;
  /** User and assistant messages in it. */
  messages: number;
  /** Open in a chat right now (it cannot be deleted then). */
  open: boolean;
}

export type TranscriptItem =
  | { kind: 'user'; id: string; text: string; /** Pasted images sent with the text. */ images?: number }
  | { kind: 'assistant'; id: string; text: string; thinking: string; status: 'streaming' | 'done' | 'stopped' | 'error'; notice?: string }
  | {
      kind: 'tool';
      id: string;
      name: string;
      title: string;
      input: string;
      output: string;
      status: 'running' | 'done' | 'error' | 'denied';
      /** One line on what the call covered and how much, set with the result. */
      summary?: string;
      /** For TodoWrite: the task list it set. */
      todos?: TodoView[];
      /** For Agent: the sub-agent it runs. */
      agent?: SubagentView;
      /** One line per hook that ran for this call. */
      hooks?: { text: string; blocked: boolean }[];
    }
  | { kind: 'error'; id: string; message: string }
  | { kind: 'approval'; id: string; toolName: string; summary: string; reason: string; suggestions: string[]; status: 'pending' | 'allowed' | 'denied'; agent?: string }
  | ({ kind: 'proposal' } & ProposalCard)
  | ({ kind: 'compaction'; id: string } & CompactionView);
