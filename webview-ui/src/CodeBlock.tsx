import { memo, useEffect, useMemo, useState } from 'react';
import { copyText } from './clipboard';
import { grammarFor, highlight } from './highlight';
import { Button } from './toolkit';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

/**
 * A fenced code block in a reply: highlighted in the theme's colours, labelled with its language,
 * with Copy and Insert (at the cursor of the active editor, done by the host).
 */
export const CodeBlock = memo(function CodeBlock({ code, lang }: { code: string; lang: string | undefined }) {
  const nodes = useMemo(() => highlight(code, lang), [code, lang]);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  useEffect(() => {
    if (copied === 'no') return;
    const timer = setTimeout(() => setCopied('no'), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const grammar = grammarFor(lang);
  return (
    <div className="code-block" data-testid="code-block" data-lang={lang ?? ''}>
      <div className="code-head">
        <span className="code-lang" data-testid="code-lang">{lang ?? t('text')}</span>
        <span className="code-actions">
          <Button appearance="icon" title={t('Copy code')} testId="code-copy" onClick={() => void copyText(code).then((ok) => setCopied(ok ? 'yes' : 'failed'))}>
            {copied === 'yes' ? t('Copied') : copied === 'failed' ? t('Copy failed') : t('Copy')}
          </Button>
          <Button appearance="icon" title={t('Insert at cursor')} testId="code-insert" onClick={() => postToHost({ type: 'insertAtCursor', text: code })}>
            {t('Insert')}
          </Button>
        </span>
      </div>
      <pre className="code-pre">
        <code className={grammar ? `hljs language-${grammar}` : 'hljs'}>{nodes}</code>
      </pre>
    </div>
  );
});
