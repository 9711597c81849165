import { useState } from 'react';
import type { ProviderName, SetupState } from '../../src/protocol/messages';
import { Button, Dropdown, TextField } from './toolkit';
import { postToHost } from './vscodeApi';

const PROVIDER_OPTIONS = [
  { value: 'anthropic', label: 'Anthropic' },
  { value: 'openai', label: 'OpenAI / OpenAI-compatible' },
];

export function SetupCard({ state, onCancel }: { state: SetupState | undefined; onCancel?: () => void }) {
  const [provider, setProvider] = useState<ProviderName>(state?.provider ?? 'anthropic');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(state?.baseUrl ?? '');
  const [error, setError] = useState('');

  const save = () => {
    if (!apiKey.trim()) return setError('Enter an API key.');
    if (baseUrl && !/^https?:\/\/\S+$/.test(baseUrl)) return setError('The base URL must start with http:// or https://.');
    setError('');
    postToHost({ type: 'saveSetup', provider, apiKey: apiKey.trim(), baseUrl: baseUrl.trim() });
    setApiKey('');
  };

  return (
    <section className="setup-card" data-testid="setup-card" aria-label="Set up Tandem">
      <h2>Connect a model</h2>
      <p>Tandem needs an API key. It is kept in VS Code's secret storage, never in settings.json.</p>
      <label>
        Provider
        <Dropdown value={provider} onChange={(v) => setProvider(v === 'openai' ? 'openai' : 'anthropic')} options={PROVIDER_OPTIONS} testId="setup-provider" />
      </label>
      <TextField type="password" value={apiKey} onChange={setApiKey} placeholder="API key" testId="setup-key">
        API key
      </TextField>
      <TextField type="url" value={baseUrl} onChange={setBaseUrl} placeholder="Optional, e.g. http://localhost:11434/v1" testId="setup-base-url">
        Base URL (optional)
      </TextField>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="row">
        <Button onClick={save} testId="setup-save">Save</Button>
        {onCancel && state?.configured && (
          <Button appearance="secondary" onClick={onCancel}>Cancel</Button>
        )}
      </div>
    </section>
  );
}
