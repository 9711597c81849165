import { useCallback, useEffect, useMemo, useReducer } from 'react';
import { BackgroundList } from './BackgroundList';
import { Composer } from './Composer';
import { Header } from './Header';
import { SessionList } from './SessionList';
import { SetupCard } from './SetupCard';
import { latestTodos, TodoPanel } from './TodoPanel';
import { setL10nBundle, t } from './l10n';
import { MessageBatch } from './messageBatch';
import { initialState, isHostMessage, reduce, showsEmptyChat } from './state';
import { Spinner } from './toolkit';
import { Transcript } from './Transcript';
import { postToHost, rememberSession } from './vscodeApi';

export function App() {
  const [state, dispatch] = useReducer(reduce, initialState);
  const takePrefill = useCallback(() => dispatch({ type: 'prefillTaken' }), []);
  const takeInput = useCallback(() => dispatch({ type: 'inputTaken' }), []);
  const todos = useMemo(() => latestTodos(state.items), [state.items]);

  useEffect(() => {
    const batch = new MessageBatch((actions) => dispatch({ type: 'batch', actions }));
    const onMessage = (e: MessageEvent) => {
      if (!isHostMessage(e.data)) return;
      // Before the dispatch, so the render it causes is already in the user's language.
      if (e.data.type === 'l10n') setL10nBundle(e.data.bundle);
      if (e.data.type === 'restoreKey') rememberSession(e.data.sessionId);
      batch.add(e.data);
    };
    window.addEventListener('message', onMessage);
    // Commands (New Chat, ...) act on the chat the user is in: tell the host when this one gets focus.
    const onFocus = () => postToHost({ type: 'focus' });
    window.addEventListener('focus', onFocus);
    postToHost({ type: 'ready' });
    return () => {
      batch.dispose();
      window.removeEventListener('message', onMessage);
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  useEffect(() => {
    if (state.outOfSync) postToHost({ type: 'ready' });
  }, [state.outOfSync]);

  if (!state.setup) {
    return (
      <main className="app loading">
        <Spinner />
      </main>
    );
  }

  return (
    <main className="app">
      {state.showSetup ? (
        <SetupCard state={state.setup} onCancel={() => dispatch({ type: 'closeSetup' })} />
      ) : state.history ? (
        <>
          <Header setup={state.setup} usage={state.usage} history onHistory={() => dispatch({ type: 'closeHistory' })} />
          <SessionList sessions={state.sessions} onClose={() => dispatch({ type: 'closeHistory' })} />
        </>
      ) : (
        <>
          <Header
            setup={state.setup}
            usage={state.usage}
            history={false}
            onHistory={() => {
              dispatch({ type: 'openHistory' });
              postToHost({ type: 'listSessions' });
            }}
          />
          {showsEmptyChat(state) && (
            <div className="empty" data-testid="empty-state">
              <h2>Tandem</h2>
              <p>{t('Using {0} · {1}', state.setup.providerLabel ?? (state.setup.provider === 'anthropic' ? 'Anthropic' : 'OpenAI'), state.setup.model)}</p>
            </div>
          )}
          <Transcript items={state.items} busy={state.busy} />
        </>
      )}
      {state.notice && (
        <div className={`notice notice-${state.notice.level}`} role="status" title={t('Click to dismiss')} onClick={() => dispatch({ type: 'dismissNotice' })}>
          {state.notice.message}
        </div>
      )}
      {!state.showSetup && !state.history && (
        <>
          {state.setup.trustNotice && <div className="trust-notice" role="status">{state.setup.trustNotice}</div>}
          <BackgroundList jobs={state.background.jobs} receivedAt={state.background.receivedAt} />
          {todos && <TodoPanel todos={todos} busy={state.busy} />}
          <Composer
            busy={state.busy}
            mode={state.setup.mode}
            forcedMode={state.setup.effectiveMode !== state.setup.mode ? state.setup.effectiveMode : undefined}
            onSend={(text, images) => postToHost({ type: 'send', text, ...(images.length ? { images } : {}) })}
            onStop={() => postToHost({ type: 'stop' })}
            onMode={(mode) => postToHost({ type: 'setMode', mode })}
            prefill={state.prefill}
            onPrefillTaken={takePrefill}
            inputRequest={state.inputRequest}
            onInputTaken={takeInput}
            queued={state.queued}
          />
        </>
      )}
    </main>
  );
}
