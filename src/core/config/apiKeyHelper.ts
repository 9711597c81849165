// apiKeyHelper: a command (from user or managed settings only) whose standard output is the API key,
// as in Claude Code. It runs once when an agent starts; a failure says what ran and how it failed.
import { spawnSync } from 'node:child_process';

export const API_KEY_HELPER_TIMEOUT_MS = 30_000;

export function runApiKeyHelper(command: string, cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync('/bin/sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: API_KEY_HELPER_TIMEOUT_MS, maxBuffer: 1 << 20 });
  if (r.error) throw new Error(`apiKeyHelper \`${command}\` could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`apiKeyHelper \`${command}\` exited with ${r.status ?? r.signal}${r.stderr.trim() ? `: ${r.stderr.trim().slice(0, 300)}` : ''}`);
  const key = r.stdout.trim();
  if (!key) throw new Error(`apiKeyHelper \`${command}\` printed no key`);
  return key;
}
