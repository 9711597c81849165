// Shared set-up for the tests of Claude Code's formats through the CLI: a throwaway HOME and
// workspace, fixture files written into them, the built CLI run against the fake model server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FakeLlm, RecordedRequest } from '../fake-llm/server';
import type { ScriptedReply } from '../fake-llm/scenario';
import { runCli } from './harness';
import type { CliRun } from './harness';

export const say = (text: string): ScriptedReply => ({ content: [{ type: 'text', text }] });
export const toolUse = (name: string, input: unknown, id?: string): ScriptedReply => ({ content: [{ type: 'tool_use', name, input, ...(id ? { id } : {}) }] });

export interface Sandbox {
  home: string;
  ws: string;
  /** Writes a file under the sandbox: paths starting with ~/ go to HOME, others to the workspace. */
  write(path: string, content: string | object): string;
  /** Runs the CLI in the workspace, or in `cwd` (a folder below it, say). */
  cli(args: string[], env?: Record<string, string | undefined>, cwd?: string): Promise<CliRun>;
  dispose(): void;
}

export function sandbox(llm: FakeLlm): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'tandem-claude-'));
  const home = join(base, 'home');
  const ws = join(base, 'ws');
  mkdirSync(home);
  mkdirSync(ws);
  return {
    home,
    ws,
    write(path, content) {
      const abs = path.startsWith('~/') ? join(home, path.slice(2)) : path.startsWith('/') ? path : join(ws, path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return abs;
    },
    cli(args, env = {}, cwd = ws) {
      const all: Record<string, string> = {
        HOME: home,
        ANTHROPIC_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: llm.anthropicBaseUrl,
        TANDEM_MAX_RETRIES: '0',
        TANDEM_MANAGED_SETTINGS: join(base, 'no-managed-settings.json'),
        TANDEM_MANAGED_MEMORY: join(base, 'no-managed-CLAUDE.md'),
      };
      for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete all[k];
        else all[k] = v;
      }
      return runCli(args, { cwd, env: all, timeoutMs: 90_000 });
    },
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Every text block of a request's system prompt, joined. */
export function systemText(req: RecordedRequest): string {
  const s = req.body.system;
  return typeof s === 'string' ? s : (s as { text: string }[]).map((b) => b.text).join('\n');
}

/** All text of a request's messages (text blocks and tool results), in order. */
export function messagesText(req: RecordedRequest): string {
  const out: string[] = [];
  for (const m of req.body.messages as { content: string | { type: string; text?: string; content?: unknown }[] }[]) {
    if (typeof m.content === 'string') out.push(m.content);
    else for (const b of m.content) out.push(b.type === 'text' ? b.text ?? '' : b.type === 'tool_result' ? (typeof b.content === 'string' ? b.content : JSON.stringify(b.content)) : '');
  }
  return out.join('\n');
}

/** The tool_result blocks of the last message of a request. */
export function lastToolResults(req: RecordedRequest): { tool_use_id: string; content: string; is_error?: boolean }[] {
  const last = req.body.messages[req.body.messages.length - 1];
  return (last.content as { type: string }[]).filter((b) => b.type === 'tool_result') as never;
}
