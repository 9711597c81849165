import type { HostToWebview, SetupState, TranscriptItem } from '../../src/protocol/messages';
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
};

export type Action = HostToWebview | { type: 'dismissNotice' } | { type: 'closeSetup' } | { type: 'prefillTaken' };

export function reduce(state: ViewState, action: Action): ViewState {
  switch (action.type) {
    case 'setup':
      return { ...state, setup: action.state, showSetup: action.showSetup };
    case 'closeSetup':
      return { ...state, showSetup: !state.setup?.configured };
    case 'transcript':
      return { ...state, sessionId: action.sessionId, seq: action.seq, items: action.items, busy: action.busy, outOfSync: false };
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
  }
}

/** Host messages are trusted, but a stray postMessage from elsewhere must not crash the view. */
export function isHostMessage(data: unknown): data is HostToWebview {
  if (typeof data !== 'object' || data === null) return false;
  const t = (data as { type?: unknown }).type;
  return t === 'setup' || t === 'transcript' || t === 'event' || t === 'busy' || t === 'notice' || t === 'prefill';
}
