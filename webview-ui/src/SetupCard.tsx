import { useState } from 'react';
import type { ProviderName, SetupState } from '../../src/protocol/messages';
import { Button, Dropdown, TextField } from './toolkit';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

// Labels are looked up at render (the l10n bundle arrives after this module loads).
const providerOptions = () => [
  { value: 'anthropic', label: t('Anthropic') },
  { value: 'openai', label: t('OpenAI / OpenAI-compatible') },
];

export function SetupCard({ state, onCancel }: { state: SetupState | undefined; onCancel?: () => void }) {
  const [provider, setProvider] = useState<ProviderName>(state?.provider ?? 'anthropic');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(state?.baseUrl ?? '');
  const [error, setError] = useState('');

  const save = () => {
    if (!apiKey.trim()) return setError(t('Enter an API key.'));
    if (baseUrl && !/^https?:\/\/\S+$/.test(baseUrl)) return setError(t('The base URL must start with http:// or https://.'));
    setError('');
    postToHost({ type: 'saveSetup', provider, apiKey: apiKey.trim(), baseUrl: baseUrl.trim() });
    setApiKey('');
  };

  return (
    <section className="setup-card" data-testid="setup-card" aria-label={t('Set up Tandem')}>
      <h2>{t('Connect a model')}</h2>
      <p>{t("Tandem needs an API key. It is kept in VS Code's secret storage, never in settings.json.")}</p>
      <label>
        {t('Provider')}
        <Dropdown value={provider} onChange={(v) => setProvider(v === 'openai' ? 'openai' : 'anthropic')} options={providerOptions()} testId="setup-provider" />
      </label>
      <TextField type="password" value={apiKey} onChange={setApiKey} placeholder={t('API key')} testId="setup-key">
        {t('API key')}
      </TextField>
      <TextField type="url" value={baseUrl} onChange={setBaseUrl} placeholder={t('Optional, e.g. {0}', 'http://localhost:11434/v1')} testId="setup-base-url">
        {t('Base URL (optional)')}
      </TextField>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="row">
        <Button onClick={save} testId="setup-save">{t('Save')}</Button>
        {onCancel && state?.configured && (
          <Button appearance="secondary" onClick={onCancel}>{t('Cancel')}</Button>
        )}
      </div>
    </section>
  );
}
