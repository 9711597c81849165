import type { TranscriptItem } from '../../src/protocol/messages';
import { formatTokens } from '../../src/protocol/constants';
import { t } from './l10n';

type Compaction = Extract<TranscriptItem, { kind: 'compaction' }>;

const METHOD: Record<string, () => string> = {
  micro: () => t('old tool results cleared'),
  collapse: () => t('superseded tool calls collapsed'),
  summary: () => t('earlier conversation summarised'),
  truncate: () => t('oldest turns dropped'),
};

/** "Context compacted here": the transcript above stays whole; the model sees it compacted from here on. */
export function CompactionDivider({ item }: { item: Compaction }) {
  const how = METHOD[item.method]?.() ?? item.method;
  const tokens = t('{0} → {1} tokens', formatTokens(item.tokensBefore), formatTokens(item.tokensAfter));
  const why = item.trigger === 'manual' ? t('/compact') : item.trigger === 'overflow' ? t('the model said the prompt was too long') : t('automatic');
  return (
    <div className="compaction-divider" role="separator" data-testid="compaction-divider" data-method={item.method} title={item.cleared}>
      <span className="compaction-label">{t('Context compacted here')}</span>
      <span className="compaction-detail">
        {how} · {tokens} · {why}
      </span>
    </div>
  );
}
