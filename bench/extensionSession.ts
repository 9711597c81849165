// bench/extension's restored session: a realistic session log of N model messages (user prompts,
// assistant text with code, tool calls and their results, an applied edit), written with the real
// SessionLog into the folder where the extension keeps this workspace's sessions.
import { statSync } from 'node:fs';
import type { Message, Usage } from '../src/core/llm/types';
import { SessionLog } from '../src/core/session/log';
import { sessionsDir } from '../src/core/session/store';
import { toTranscript } from '../src/core/session/replay';

/** The last assistant message says this: the bench waits for it to be visible. */
export const LAST_MESSAGE_MARKER = 'Bench session ends here: all 250 steps done.';
export const SESSION_ID = 'bench-restored-session';
export const SESSION_TITLE = 'Make the user cache configurable (bench)';

const USAGE: Usage = { inputTokens: 12_000, outputTokens: 300, cacheReadTokens: 11_000, cacheWriteTokens: 0 };

const TS = (n: number) => `\`\`\`ts
export async function loadUser${n}(id: string): Promise<User | undefined> {
  // Cached for a minute: profiles change rarely.
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < config.cacheTtlMs) return hit.user;
  const res = await fetch(\`/api/users/\${id}\`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(\`user \${id}: HTTP \${res.status}\`);
  const user = (await res.json()) as User;
  cache.set(id, { user, at: Date.now() });
  return user;
}
\`\`\``;

export interface WrittenSession {
  file: string;
  /** user_message, assistant_message and tool_results events: the messages the model saw. */
  messages: number;
  /** Items the panel's transcript shows (messages and tool cards). */
  transcriptItems: number;
  bytes: number;
}

/**
 * Writes `<storageDir>/projects/<slug of workspace>/<SESSION_ID>.jsonl` with `messages` model
 * messages (a multiple of 8: each step is a prompt, four assistant turns and three tool results).
 */
export function writeSession(storageDir: string, workspace: string, messages = 2000): WrittenSession {
  const log = SessionLog.create(sessionsDir(storageDir, workspace), { sessionId: SESSION_ID, cwd: workspace, provider: 'anthropic', model: 'claude-sonnet-5-5' });
  const steps = Math.ceil(messages / 8);
  const assistant = (id: string, content: Message['content'], stop: 'tool_use' | 'end_turn') =>
    log.append({ type: 'assistant_message', id, message: { role: 'assistant', content }, usage: USAGE, stopReason: stop });
  const results = (items: { id: string; content: string }[]) =>
    log.append({ type: 'tool_results', message: { role: 'user', content: items.map((r) => ({ type: 'tool_result' as const, toolUseId: r.id, content: r.content })) } });
  const file = (i: number) => `${workspace}/src/users/load${i % 40}.ts`;
  log.append({ type: 'title', title: SESSION_TITLE });
  for (let i = 0; i < steps; i++) {
    log.append({ type: 'user_message', id: `u${i}`, text: `Step ${i}: find where users are loaded and make the cache TTL configurable. Keep the tests passing.` });
    assistant(`a${i}`, [
      ...(i % 3 === 0 ? [{ type: 'thinking' as const, thinking: 'The loader is probably in src/users. Check the cache first.', signature: 'sig' }] : []),
      { type: 'text', text: "I'll look at the loader first." },
      { type: 'tool_use', id: `tr${i}`, name: 'Read', input: { file_path: file(i) } },
    ], 'tool_use');
    log.append({ type: 'permission_decision', toolUseId: `tr${i}`, toolName: 'Read', decision: 'allow', by: 'mode' });
    results([{ id: `tr${i}`, content: Array.from({ length: 40 }, (_, j) => `${j + 1}\tline ${j + 1} of the loader: const ttl = ${j * 1000};`).join('\n') }]);
    assistant(`b${i}`, [
      { type: 'text', text: `The TTL is hard-coded in \`src/users/load${i % 40}.ts\`:\n\n- **where**: the loader\n- **why**: no setting reaches it\n\nChecking who else reads the cache, and the tests.` },
      { type: 'tool_use', id: `tg${i}`, name: 'Grep', input: { pattern: 'cache\\.get', output_mode: 'files_with_matches' } },
      { type: 'tool_use', id: `tb${i}`, name: 'Bash', input: { command: 'npm test', description: 'Run the tests' } },
    ], 'tool_use');
    log.append({ type: 'permission_decision', toolUseId: `tg${i}`, toolName: 'Grep', decision: 'allow', by: 'mode' });
    log.append({ type: 'permission_decision', toolUseId: `tb${i}`, toolName: 'Bash', decision: 'allow', by: 'rule', reason: 'Bash(npm test)' });
    results([
      { id: `tg${i}`, content: 'Found 7 files\nsrc/a.ts\nsrc/b.ts\nsrc/c.ts\nsrc/d.ts\nsrc/e.ts\nsrc/f.ts\nsrc/g.ts' },
      { id: `tb${i}`, content: '> demo@1.0.0 test\n> mocha\n\n  users\n    ✓ loads a user\n    ✓ caches for a minute\n\n  2 passing (41ms)\n\nExit code: 0' },
    ]);
    assistant(`c${i}`, [{ type: 'tool_use', id: `te${i}`, name: 'Edit', input: { file_path: file(i), old_string: 'const ttl = 60_000;', new_string: 'const ttl = config.cacheTtlMs;' } }], 'tool_use');
    log.append({ type: 'permission_decision', toolUseId: `te${i}`, toolName: 'Edit', decision: 'allow', by: 'user' });
    log.append({ type: 'proposal', toolUseId: `te${i}`, absPath: file(i), hunks: 1, status: 'applied' });
    results([{ id: `te${i}`, content: `The file ${file(i)} has been updated.` }]);
    const last = i === steps - 1;
    assistant(`d${i}`, [{ type: 'text', text: `Done: the TTL now comes from \`config.cacheTtlMs\` (default 60 s):\n\n${TS(i)}\n\nTests pass (2 passing).${last ? ` ${LAST_MESSAGE_MARKER}` : ''}` }], 'end_turn');
    log.append({ type: 'turn_end', status: 'completed' });
  }
  log.close();
  const { events } = SessionLog.read(log.file);
  const count = events.filter((e) => e.type === 'user_message' || e.type === 'assistant_message' || e.type === 'tool_results').length;
  return { file: log.file, messages: count, transcriptItems: toTranscript(events).length, bytes: statSync(log.file).size };
}
