import { useState } from 'react';
import { Button } from './toolkit';

export function Composer({ busy, onSend, onStop }: { busy: boolean; onSend: (text: string) => void; onStop: () => void }) {
  const [text, setText] = useState('');
  const send = () => {
    const t = text.trim();
    if (!t || busy) return;
    onSend(t);
    setText('');
  };
  return (
    <div className="composer">
      <textarea
        data-testid="prompt-input"
        aria-label="Message Tandem"
        placeholder={busy ? 'Tandem is answering…' : 'Ask Tandem (Enter to send, Shift+Enter for a new line)'}
        value={text}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <div className="row">
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
