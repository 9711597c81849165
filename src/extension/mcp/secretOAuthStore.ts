// OAuth state of HTTP MCP servers in VS Code's SecretStorage (the OS keychain where there is one):
// one secret per server URL, never in settings or on disk in the clear.
import type * as vscode from 'vscode';
import type { OAuthRecord, OAuthStore } from '../../core/mcp/oauthStore';

const PREFIX = 'tandem.mcp.oauth:';

export class SecretOAuthStore implements OAuthStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async read(key: string): Promise<OAuthRecord | undefined> {
    const text = await this.secrets.get(PREFIX + key);
    if (!text) return undefined;
    try {
      return JSON.parse(text) as OAuthRecord;
    } catch {
      return undefined;
    }
  }

  async write(key: string, record: OAuthRecord | undefined): Promise<void> {
    if (record) await this.secrets.store(PREFIX + key, JSON.stringify(record));
    else await this.secrets.delete(PREFIX + key);
  }
}
