import { useEffect, useState } from 'react';
import type { BackgroundJobView } from '../../src/protocol/messages';
import { t } from './l10n';
import { Button } from './toolkit';
import { postToHost } from './vscodeApi';

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatRunning(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return t('{0} s', s);
  const m = Math.floor(s / 60);
  if (m < 60) return t('{0} min {1} s', m, s % 60);
  return t('{0} h {1} min', Math.floor(m / 60), m % 60);
}

/**
 * The chat's running background commands, above the input: who started each (the main agent or a
 * sub-agent), the command, how long it has run, its last lines, and Stop (the same kill as the
 * model's KillShell: the command and everything it started).
 */
export function BackgroundList({ jobs, receivedAt }: { jobs: BackgroundJobView[]; receivedAt: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (jobs.length === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [jobs.length]);
  if (jobs.length === 0) return null;
  const elapsed = Math.max(0, now - receivedAt);
  return (
    <details className="background-list" data-testid="background-list" open>
      <summary>{jobs.length === 1 ? t('1 background command') : t('{0} background commands', jobs.length)}</summary>
      <ul>
        {jobs.map((job) => (
          <li key={job.id} className="background-job" data-testid="background-job" data-id={job.id}>
            <div className="background-head">
              <span className="background-owner">{job.owner}</span>{' '}
              <code className="background-command" title={job.command}>
                {job.command}
              </code>{' '}
              <span className="background-time">{formatRunning(job.runningMs + elapsed)}</span>{' '}
              <Button appearance="secondary" testId="background-stop" title={t('Stop {0}', job.command)} onClick={() => postToHost({ type: 'stopBackground', id: job.id })}>
                {t('Stop')}
              </Button>
            </div>
            {job.lastLines && <pre className="background-lines">{job.lastLines}</pre>}
          </li>
        ))}
      </ul>
    </details>
  );
}
