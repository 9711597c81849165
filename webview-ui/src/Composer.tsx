import { useEffect, useRef, useState } from 'react';
import { MODES } from '../../src/protocol/constants';
import type { ImageAttachment, ModeName, QueuedView } from '../../src/protocol/messages';
import { ImageChips, imagesInPaste, QueuedChips } from './InputExtras';
import { t } from './l10n';
import { useMentionPicker } from './MentionPicker';
import { runSlashCommand, useSlashMenu } from './SlashMenu';
import { Button } from './toolkit';

/** Labels in the user's language (a function: the l10n bundle arrives after this module loads). */
const MODE_LABELS = (): Record<ModeName, string> => ({
  default: t('Ask before edits and commands'),
  acceptEdits: t('Accept edits'),
  plan: t('Plan (read-only)'),
  bypassPermissions: t('Bypass permissions'),
  dontAsk: t("Don't ask (deny unless allowed)"),
});

export interface ComposerProps {
  busy: boolean;
  mode: ModeName;
  /** Set when the workspace forces another mode (untrusted: plan). */
  forcedMode?: ModeName;
  /** While busy the host queues the message for the next turn boundary. */
  onSend: (text: string, images: ImageAttachment[]) => void;
  onStop: () => void;
  onMode: (mode: ModeName) => void;
  /** Text the host asked to put into the input (after a rewind). */
  prefill?: string;
  onPrefillTaken?: () => void;
  /** From an editor command: focus the input, inserting a mention at the cursor if given. */
  inputRequest?: { id: number; insert?: string };
  onInputTaken?: () => void;
  /** Messages waiting for the running turn to end. */
  queued?: QueuedView[];
}

export function Composer({ busy, mode, forcedMode, onSend, onStop, onMode, prefill, onPrefillTaken, inputRequest, onInputTaken, queued = [] }: ComposerProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const [images, setImages] = useState<ImageAttachment[]>([]);
  const [pasteError, setPasteError] = useState<string | undefined>();
  const mention = useMentionPicker(input, setText);
  const slash = useSlashMenu(text, setText, () => setText(''), (command) => {
    onSend(command, []);
    setText('');
  });
  useEffect(() => {
    if (!inputRequest) return;
    const el = input.current;
    const insert = inputRequest.insert;
    if (el && insert) {
      // At the cursor, with a space either side so the mention stays one token.
      const at = el.selectionStart ?? el.value.length;
      const before = el.value.slice(0, at);
      const after = el.value.slice(el.selectionEnd ?? at);
      const piece = `${before && !/\s$/.test(before) ? ' ' : ''}${insert}${/^\s/.test(after) ? '' : ' '}`;
      setText(before + piece + after);
      const caret = before.length + piece.length;
      requestAnimationFrame(() => el.setSelectionRange(caret, caret));
    }
    el?.focus();
    onInputTaken?.();
  }, [inputRequest, onInputTaken]);
  useEffect(() => {
    if (prefill === undefined) return;
    setText(prefill);
    onPrefillTaken?.();
  }, [prefill, onPrefillTaken]);
  const send = () => {
    const t = text.trim();
    if (!t && images.length === 0) return;
    if (images.length === 0 && runSlashCommand(t)) {
      setText('');
      return;
    }
    onSend(t || 'Look at the attached image.', images);
    setText('');
    setImages([]);
    setPasteError(undefined);
  };
  // Shift+Tab cycles the permission mode, as in Claude Code.
  const cycleMode = () => onMode(MODES[(MODES.indexOf(mode) + 1) % MODES.length]);
  return (
    <div className="composer">
      {mention.menu}
      {slash.menu}
      <QueuedChips items={queued} />
      <ImageChips images={images} onRemove={(i) => setImages((all) => all.filter((_, j) => j !== i))} />
      {pasteError && (
        <div className="input-error" role="alert" data-testid="paste-error">
          {pasteError}
        </div>
      )}
      <textarea
        ref={input}
        data-testid="prompt-input"
        aria-label={t('Message Tandem')}
        placeholder={busy ? t('Tandem is answering… (Enter queues your message for when it finishes)') : t('Ask Tandem (Enter to send, Shift+Enter for a new line, Shift+Tab to change mode)')}
        value={text}
        rows={3}
        onChange={(e) => {
          setText(e.target.value);
          mention.update();
        }}
        onSelect={mention.update}
        onPaste={(e) => {
          const pasted = imagesInPaste(e.clipboardData, images.length);
          if (!pasted) return;
          e.preventDefault();
          pasted.then(
            (r) => {
              setImages((all) => [...all, ...r.images]);
              setPasteError(r.errors.length ? `Not attached: ${r.errors.join('; ')}.` : undefined);
            },
            (err: unknown) => setPasteError(`The image could not be read: ${String(err)}`),
          );
        }}
        onKeyDown={(e) => {
          if (slash.onKeyDown(e) || mention.onKeyDown(e)) return;
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
          aria-label={t('Permission mode')}
          value={mode}
          disabled={forcedMode !== undefined}
          title={forcedMode ? t('This workspace is not trusted: the agent can only read ({0}).', MODE_LABELS()[forcedMode]) : t('What the agent may do without asking')}
          onChange={(e) => onMode(e.target.value as ModeName)}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS()[m]}
            </option>
          ))}
        </select>
        {busy ? (
          <Button appearance="secondary" onClick={onStop} testId="stop-button" title={t('Stop')}>
            {t('Stop')}
          </Button>
        ) : (
          <Button onClick={send} disabled={!text.trim() && images.length === 0} testId="send-button" title={t('Send')}>
            {t('Send')}
          </Button>
        )}
      </div>
    </div>
  );
}
