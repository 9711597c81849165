// Messages between the extension host and the chat webview. The webview is untrusted: the host
// parses every message it receives with these schemas and drops anything that does not match.
import { z } from 'zod';

export const PROVIDERS = ['anthropic', 'openai'] as const;
/** Permission modes, as the core names them (kept here too: the webview may not import the core). */
export const MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions'] as const;
export type ModeName = (typeof MODES)[number];
export const providerSchema = z.enum(PROVIDERS);
export type ProviderName = z.infer<typeof providerSchema>;

const MAX_PROMPT_CHARS = 200_000;
const MAX_HUNKS = 10_000;
const MAX_COMMENT_CHARS = 20_000;
/** A code block from the transcript; generous, since a reply may hold a whole file. */
const MAX_INSERT_CHARS = 1_000_000;
const proposalIdSchema = z.string().min(1).max(200);
const hunkIndexSchema = z.number().int().min(0).max(MAX_HUNKS);

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('send'), text: z.string().min(1).max(MAX_PROMPT_CHARS) }).strict(),
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
  /** A code block's text, to put at the cursor of the active editor (replacing the selection). */
  z.object({ type: z.literal('insertAtCursor'), text: z.string().min(1).max(MAX_INSERT_CHARS) }).strict(),
  /** Send the last user message again (after an error). */
  z.object({ type: z.literal('retry') }).strict(),
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
  | { type: 'user_message'; id: string; text: string }
  | { type: 'assistant_start'; id: string }
  | { type: 'text_delta'; id: string; text: string }
  | { type: 'thinking_delta'; id: string; text: string }
  | { type: 'assistant_end'; id: string; status: 'done' | 'stopped' | 'error' }
  | { type: 'retry'; id: string; message: string; discardPartial: boolean }
  | { type: 'tool_call'; id: string; name: string; title: string; input: string }
  | { type: 'tool_progress'; id: string; text: string }
  /** summary: what the call covered and how much, in one line ("src/a.ts · 120 lines", "exit code 0"). */
  | { type: 'tool_result'; id: string; isError: boolean; output: string; denied?: boolean; summary?: string }
  /** The agent's task list after a TodoWrite call (id: that call), shown above the input. */
  | { type: 'todos'; id: string; todos: TodoView[] }
  | { type: 'error'; id: string; message: string }
  | { type: 'approval'; id: string; toolName: string; summary: string; reason: string; suggestions: string[] }
  | { type: 'approval_settled'; id: string; decision: 'allow' | 'deny' }
  | ({ type: 'proposal' } & ProposalCard)
  | { type: 'proposal_update'; id: string; status: ProposalStatus; hunkStates: HunkState[]; comment?: string; message?: string };

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
}

export type HostToWebview =
  | { type: 'setup'; state: SetupState; showSetup: boolean }
  | { type: 'transcript'; sessionId: string; seq: number; items: TranscriptItem[]; busy: boolean }
  | { type: 'event'; sessionId: string; seq: number; event: UiEvent }
  | { type: 'busy'; sessionId: string; busy: boolean }
  | { type: 'notice'; level: 'info' | 'error'; message: string }
  /** Text to put back into the input box (after a conversation rewind). */
  | { type: 'prefill'; text: string };

export type TranscriptItem =
  | { kind: 'user'; id: string; text: string }
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
    }
  | { kind: 'error'; id: string; message: string }
  | { kind: 'approval'; id: string; toolName: string; summary: string; reason: string; suggestions: string[]; status: 'pending' | 'allowed' | 'denied' }
  | ({ kind: 'proposal' } & ProposalCard);
