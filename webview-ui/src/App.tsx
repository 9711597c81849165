import { useCallback, useEffect, useMemo, useReducer } from 'react';
import { Composer } from './Composer';
import { SetupCard } from './SetupCard';
import { latestTodos, TodoPanel } from './TodoPanel';
import { initialState, isHostMessage, reduce } from './state';
import { Spinner } from './toolkit';
import { Transcript } from './Transcript';
import { postToHost } from './vscodeApi';

export function App() {
  const [state, dispatch] = useReducer(reduce, initialState);
  const takePrefill = useCallback(() => dispatch({ type: 'prefillTaken' }), []);
  const todos = useMemo(() => latestTodos(state.items), [state.items]);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (isHostMessage(e.data)) dispatch(e.data);
    };
    window.addEventListener('message', onMessage);
    postToHost({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
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
      ) : (
        <>
          {state.items.length === 0 && (
            <div className="empty" data-testid="empty-state">
              <h2>Tandem</h2>
              <p>
                Using {state.setup.provider === 'anthropic' ? 'Anthropic' : 'OpenAI'} · {state.setup.model}
              </p>
            </div>
          )}
          <Transcript items={state.items} busy={state.busy} />
        </>
      )}
      {state.notice && (
        <div className={`notice notice-${state.notice.level}`} role="status" onClick={() => dispatch({ type: 'dismissNotice' })}>
          {state.notice.message}
        </div>
      )}
      {!state.showSetup && (
        <>
          {state.setup.trustNotice && <div className="trust-notice" role="status">{state.setup.trustNotice}</div>}
          {todos && <TodoPanel todos={todos} busy={state.busy} />}
          <Composer
            busy={state.busy}
            mode={state.setup.mode}
            forcedMode={state.setup.effectiveMode !== state.setup.mode ? state.setup.effectiveMode : undefined}
            onSend={(text) => postToHost({ type: 'send', text })}
            onStop={() => postToHost({ type: 'stop' })}
            onMode={(mode) => postToHost({ type: 'setMode', mode })}
            prefill={state.prefill}
            onPrefillTaken={takePrefill}
          />
        </>
      )}
    </main>
  );
}
