import { useEffect, useState } from 'react';
import { MODES } from '../../src/protocol/messages';
import type { ModeName } from '../../src/protocol/messages';
import { Button } from './toolkit';

const MODE_LABELS: Record<ModeName, string> = {
  default: 'Ask before edits and commands',
  acceptEdits: 'Accept edits',
  plan: 'Plan (read-only)',
  bypassPermissions: 'Bypass permissions',
};

export interface ComposerProps {
  busy: boolean;
  mode: ModeName;
  /** Set when the workspace forces another mode (untrusted: plan). */
  forcedMode?: ModeName;
  onSend: (text: string) => void;
  onStop: () => void;
  onMode: (mode: ModeName) => void;
  /** Text the host asked to put into the input (after a rewind). */
  prefill?: string;
  onPrefillTaken?: () => void;
}

export function Composer({ busy, mode, forcedMode, onSend, onStop, onMode, prefill, onPrefillTaken }: ComposerProps) {
  const [text, setText] = useState('');
  useEffect(() => {
    if (prefill === undefined) return;
    setText(prefill);
    onPrefillTaken?.();
  }, [prefill, onPrefillTaken]);
  const send = () => {
    const t = text.trim();
    if (!t || busy) return;
    onSend(t);
    setText('');
  };
  // Shift+Tab cycles the permission mode, as in Claude Code.
  const cycleMode = () => onMode(MODES[(MODES.indexOf(mode) + 1) % MODES.length]);
  return (
    <div className="composer">
      <textarea
        data-testid="prompt-input"
        aria-label="Message Tandem"
        placeholder={busy ? 'Tandem is answering…' : 'Ask Tandem (Enter to send, Shift+Enter for a new line, Shift+Tab to change mode)'}
        value={text}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          } else if (e.key === 'Tab' && e.shiftKey) {
            e.preventDefault();
            cycleMode();
          }
        }}
      />
      <div className="composer-row">
        <select
          className="mode-select"
          data-testid="mode-select"
          aria-label="Permission mode"
          value={mode}
          disabled={forcedMode !== undefined}
          title={forcedMode ? `This workspace is not trusted: the agent can only read (${MODE_LABELS[forcedMode]}).` : 'What the agent may do without asking'}
          onChange={(e) => onMode(e.target.value as ModeName)}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m]}
            </option>
          ))}
        </select>
        {busy ? (
          <Button appearance="secondary" onClick={onStop} testId="stop-button" title="Stop">
            Stop
          </Button>
        ) : (
          <Button onClick={send} disabled={!text.trim()} testId="send-button" title="Send">
            Send
          </Button>
        )}
      </div>
    </div>
  );
}
