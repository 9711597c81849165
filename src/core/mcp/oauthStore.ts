// Where OAuth state for HTTP MCP servers is kept. The CLI and the SDK keep it in one JSON file in
// ~/.tandem that only the user can read (0600, written whole through a temporary file of the same
// mode and renamed, so a crash never leaves half a token or a readable copy); VS Code keeps it in
// its SecretStorage (src/extension/mcp/secretOAuthStore.ts). One record per server URL.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/** What one server's sign-in keeps between runs. */
export interface OAuthRecord {
  /** The client Tandem registered with the server's authorization server (dynamic registration). */
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** When the tokens were received (ms since the epoch), for expires_in. */
  tokensAt?: number;
  /** The PKCE verifier of the sign-in under way. */
  verifier?: string;
  discovery?: OAuthDiscoveryState;
  /** The loopback port the client was registered with (its redirect URI must not change). */
  port?: number;
}

export interface OAuthStore {
  read(key: string): Promise<OAuthRecord | undefined>;
  /** undefined removes the record. */
  write(key: string, record: OAuthRecord | undefined): Promise<void>;
}

export const OAUTH_FILE = 'mcp-oauth.json';

/** ~/.tandem/mcp-oauth.json, mode 0600; writes of one process run one after another. */
export class FileOAuthStore implements OAuthStore {
  private queue: Promise<unknown> = Promise.resolve();
  readonly file: string;

  constructor(userDir: string) {
    this.file = join(userDir, OAUTH_FILE);
  }

  private async all(): Promise<Record<string, OAuthRecord>> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, OAuthRecord>) : {};
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`${this.file} could not be read (${(err as Error).message}); delete it to sign in again`);
    }
  }

  async read(key: string): Promise<OAuthRecord | undefined> {
    await this.queue.catch(() => undefined);
    return (await this.all())[key];
  }

  write(key: string, record: OAuthRecord | undefined): Promise<void> {
    const next = this.queue.catch(() => undefined).then(async () => {
      const all = await this.all();
      if (record) all[key] = record;
      else delete all[key];
      await fs.mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      await fs.chmod(tmp, 0o600);
      await fs.rename(tmp, this.file);
    });
    this.queue = next;
    return next;
  }
}
