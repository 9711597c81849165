import type { BackgroundJobView, HostToWebview, QueuedView, SessionSummary, SetupState, TranscriptItem, UsageView } from '../../src/protocol/messages';
import { applyEvent } from '../../src/protocol/transcript';

export interface ViewState {
  setup: SetupState | undefined;
  showSetup: boolean;
  sessionId: string;
  seq: number;
  items: TranscriptItem[];
  busy: boolean;
  notice: { level: 'info' | 'error'; message: string } | undefined;
  /** Set when an update was missed; the app asks the host for a full transcript. */
  outOfSync: boolean;
  /** Text the host put back into the input box (after a rewind); consumed by the composer. */
  prefill: string | undefined;
  /** Focus the input, or insert a mention at its cursor (editor commands); consumed by the composer. */
  inputRequest: { id: number; insert?: string } | undefined;
  /** The last input request acted on: a replay of it after an out-of-sync 'ready' is ignored. */
  inputSeen: number;
  /** Bumped when the host's l10n bundle arrives, so the view renders again in that language. */
  l10nVersion: number;
  /** The chat's token use and cost (after its first reply). */
  usage: UsageView | undefined;
  /** The History list replaces the transcript while open; its sessions arrive from the host. */
  history: boolean;
  sessions: SessionSummary[] | undefined;
  /** Messages waiting for the running turn to end (shown above the input, removable). */
  queued: QueuedView[];
  /** The chat's running background commands, and when (the view's clock) the list arrived: running times count on from there. */
  background: { jobs: BackgroundJobView[]; receivedAt: number };
}

export const initialState: ViewState = {
  setup: undefined,
  showSetup: false,
  sessionId: '',
  seq: 0,
  items: [],
  busy: false,
  notice: undefined,
  outOfSync: false,
  prefill: undefined,
  inputRequest: undefined,
  inputSeen: 0,
  l10nVersion: 0,
  usage: undefined,
  history: false,
  sessions: undefined,
  queued: [],
  background: { jobs: [], receivedAt: 0 },
};

export type Action = HostToWebview | { type: 'batch'; actions: HostToWebview[] } | { type: 'dismissNotice' } | { type: 'closeSetup' } | { type: 'prefillTaken' } | { type: 'inputTaken' } | { type: 'openHistory' } | { type: 'closeHistory' };

/**
 * Whether the chat shows its empty placeholder: only once the host has sent a transcript and it is
 * empty. Before that (the page just loaded) a restored session may be on its way, and showing the
 * empty chat for a moment would flash.
 */
export function showsEmptyChat(state: ViewState): boolean {
  return state.sessionId !== '' && state.items.length === 0;
}

export function reduce(state: ViewState, action: Action): ViewState {
  switch (action.type) {
    case 'batch':
      // Host messages that arrived within one frame, applied in order with one render.
      return action.actions.reduce(reduce, state);
    case 'setup':
      return { ...state, setup: action.state, showSetup: action.showSetup };
    case 'closeSetup':
      return { ...state, showSetup: !state.setup?.configured };
    case 'transcript':
      return {
        ...state,
        sessionId: action.sessionId,
        seq: action.seq,
        items: action.items,
        busy: action.busy,
        outOfSync: false,
        usage: action.sessionId === state.sessionId ? state.usage : undefined,
      };
    case 'event':
      if (action.sessionId !== state.sessionId) return state;
      if (action.seq !== state.seq + 1) return { ...state, outOfSync: true };
      return { ...state, seq: action.seq, items: applyEvent(state.items, action.event), notice: undefined };
    case 'busy':
      return action.sessionId === state.sessionId ? { ...state, busy: action.busy } : state;
    case 'notice':
      return { ...state, notice: { level: action.level, message: action.message } };
    case 'prefill':
      return { ...state, prefill: action.text };
    case 'prefillTaken':
      return { ...state, prefill: undefined };
    case 'dismissNotice':
      return { ...state, notice: undefined };
    case 'l10n':
      return { ...state, l10nVersion: state.l10nVersion + 1 };
    case 'focusInput':
    case 'insertMention':
      if (action.id <= state.inputSeen) return state;
      {
        // Two mentions before the composer took the first (it mounts after setup): keep both.
        const before = state.inputRequest?.insert;
        const insert = action.type === 'insertMention' ? (before ? `${before} ${action.text}` : action.text) : before;
        return { ...state, inputSeen: action.id, inputRequest: { id: action.id, ...(insert ? { insert } : {}) } };
      }
    case 'inputTaken':
      return { ...state, inputRequest: undefined };
    case 'usage':
      return action.sessionId === state.sessionId ? { ...state, usage: action.usage } : state;
    case 'sessions':
      return { ...state, sessions: action.sessions };
    case 'openHistory':
      return { ...state, history: true, sessions: undefined };
    case 'closeHistory':
      return { ...state, history: false };
    case 'queue':
      return { ...state, queued: action.items };
    case 'mentionResults':
    case 'commands':
      // The mention picker (MentionPicker.tsx) and the slash menu (SlashMenu.tsx) listen for these themselves.
      return state;
    case 'restoreKey':
      // Kept in VS Code's webview state (App.tsx), not in the view's.
      return state;
    case 'background':
      return { ...state, background: { jobs: action.jobs, receivedAt: Date.now() } };
  }
}

/** Host messages are trusted, but a stray postMessage from elsewhere must not crash the view. */
export function isHostMessage(data: unknown): data is HostToWebview {
  if (typeof data !== 'object' || data === null) return false;
  const t = (data as { type?: unknown }).type;
  return t === 'setup' || t === 'transcript' || t === 'event' || t === 'busy' || t === 'notice' || t === 'prefill' || t === 'l10n' || t === 'focusInput' || t === 'insertMention' || t === 'usage' || t === 'sessions' || t === 'queue' || t === 'restoreKey' || t === 'background';
}
