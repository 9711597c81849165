import { useMemo, useState } from 'react';
import type { SessionSummary } from '../../src/protocol/messages';
import { t } from './l10n';
import { Button, Spinner } from './toolkit';
import { postToHost } from './vscodeApi';

/** Sessions whose title holds every word of the query, in any case. */
export function filterSessions(sessions: readonly SessionSummary[], query: string): SessionSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w);
  return sessions.filter((s) => words.every((w) => s.title.toLowerCase().includes(w)));
}

/**
 * The workspace's stored sessions, newest first: search by title, open one in this chat (Resume),
 * rename it, or delete it (the host asks for confirmation). A session open in a chat cannot be deleted.
 */
export function SessionList({ sessions, onClose }: { sessions: SessionSummary[] | undefined; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; title: string } | undefined>(undefined);
  const shown = useMemo(() => (sessions ? filterSessions(sessions, query) : []), [sessions, query]);

  const resume = (id: string) => {
    postToHost({ type: 'resumeSession', sessionId: id });
    onClose();
  };
  const saveTitle = () => {
    const title = renaming?.title.trim();
    if (renaming && title) postToHost({ type: 'renameSession', sessionId: renaming.id, title });
    setRenaming(undefined);
  };

  return (
    <div className="session-list" data-testid="session-list">
      <input
        className="session-search"
        data-testid="session-search"
        type="search"
        aria-label={t('Search sessions by title')}
        placeholder={t('Search sessions by title')}
        value={query}
        autoFocus
        onChange={(e) => setQuery(e.target.value)}
      />
      {sessions === undefined ? (
        <Spinner />
      ) : shown.length === 0 ? (
        <p className="empty" data-testid="session-empty">
          {sessions.length ? t('No session title matches “{0}”.', query) : t('No saved sessions in this workspace yet.')}
        </p>
      ) : (
        <ul className="session-rows">
          {shown.map((s) => (
            <li key={s.id} className="session-row" data-testid="session-row" data-session-id={s.id}>
              {renaming?.id === s.id ? (
                <div className="session-rename">
                  <input
                    className="session-title-input"
                    data-testid="session-title-input"
                    aria-label={t('New title')}
                    value={renaming.title}
                    maxLength={200}
                    autoFocus
                    onChange={(e) => setRenaming({ id: s.id, title: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') saveTitle();
                      else if (e.key === 'Escape') setRenaming(undefined);
                    }}
                  />
                  <Button onClick={saveTitle} disabled={!renaming.title.trim()} testId="session-rename-save" title={t('Save the title')}>
                    {t('Save')}
                  </Button>
                  <Button appearance="secondary" onClick={() => setRenaming(undefined)} testId="session-rename-cancel" title={t('Cancel')}>
                    {t('Cancel')}
                  </Button>
                </div>
              ) : (
                <>
                  <div className="session-info">
                    <span className="session-title" data-testid="session-title">
                      {s.title || t('Untitled session')}
                    </span>
                    <span className="session-meta">
                      {new Date(s.date).toLocaleString()} · {s.messages === 1 ? t('1 message') : t('{0} messages', s.messages)}
                      {s.open ? ` · ${t('open')}` : ''}
                    </span>
                  </div>
                  <div className="session-actions">
                    <Button appearance="secondary" onClick={() => resume(s.id)} testId="session-resume" title={t('Open this session in this chat')}>
                      {t('Resume')}
                    </Button>
                    <Button appearance="secondary" onClick={() => setRenaming({ id: s.id, title: s.title })} testId="session-rename" title={t('Rename')}>
                      {t('Rename')}
                    </Button>
                    <Button
                      appearance="secondary"
                      disabled={s.open}
                      onClick={() => postToHost({ type: 'deleteSession', sessionId: s.id })}
                      testId="session-delete"
                      title={s.open ? t('Open in a chat: start a new chat there first') : t('Delete')}
                    >
                      {t('Delete')}
                    </Button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
