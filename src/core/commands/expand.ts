// A command or skill becomes prompt text: $ARGUMENTS, $ARGUMENTS[N] and $1…$9 are filled in (the
// arguments are appended as "ARGUMENTS: …" when the body uses none), ${CLAUDE_SKILL_DIR} and
// ${CLAUDE_PROJECT_DIR} name their folders, @file includes a file and !`command` its output. Both
// go through the permission engine with the command's allowed-tools granted, never around it.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { PermissionEngine } from '../permissions/engine';
import type { Shell } from '../ports';
import type { CommandDef } from './discover';

export interface ExpandContext {
  cwd: string;
  sessionId: string;
  permissions?: PermissionEngine;
  shell?: Shell;
  signal?: AbortSignal;
}

/** Splits arguments like a shell would for $1…$9: spaces separate, quotes group. */
export function splitArgs(args: string): string[] {
  return [...args.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

export function substitute(body: string, args: string, def: Pick<CommandDef, 'dir'>, ctx: Pick<ExpandContext, 'cwd' | 'sessionId'>): string {
  const list = splitArgs(args);
  let used = false;
  let text = body
    .replace(/\$ARGUMENTS\[(\d+)\]/g, (_, n: string) => {
      used = true;
      return list[Number(n)] ?? '';
    })
    .replace(/\$ARGUMENTS\b/g, () => {
      used = true;
      return args;
    })
    .replace(/\$([1-9])(?!\d)/g, (_, n: string) => {
      used = true;
      return list[Number(n) - 1] ?? '';
    })
    .replace(/\$\{CLAUDE_SKILL_DIR\}/g, def.dir)
    .replace(/\$\{CLAUDE_PROJECT_DIR\}/g, ctx.cwd)
    .replace(/\$\{CLAUDE_SESSION_ID\}/g, ctx.sessionId);
  if (!used && args) text = `${text.trimEnd()}\n\nARGUMENTS: ${args}`;
  return text;
}

const SHELL_INLINE = /!`([^`\n]+)`/g;
const FILE_INCLUDE = /(^|\s)@([^\s`]+)/g;

async function allowed(ctx: ExpandContext, tool: string, subject: Parameters<PermissionEngine['decide']>[2]): Promise<string | undefined> {
  if (!ctx.permissions) return 'no permission engine to decide';
  const v = await ctx.permissions.decide(tool, tool === 'Read', subject, ctx.cwd, ctx.shell);
  return v.behavior === 'allow' ? undefined : `${v.behavior === 'deny' ? 'denied' : 'needs approval'}: ${v.reason}`;
}

/** The command's full prompt text; shell output and included files are fetched under the permission engine. */
export async function expandCommand(def: CommandDef, args: string, ctx: ExpandContext): Promise<string> {
  let text = substitute(def.body, args, def, ctx);
  const commands = [...text.matchAll(SHELL_INLINE)].map((m) => m[1]);
  for (const command of commands) {
    const refused = await allowed(ctx, 'Bash', { kind: 'command', command });
    let output: string;
    if (refused || !ctx.shell) output = `[not run: ${refused ?? 'no shell'}]`;
    else {
      const r = await ctx.shell.run(command, { timeoutMs: 60_000, signal: ctx.signal ?? new AbortController().signal });
      output = r.output.trimEnd();
    }
    text = text.replace(`!\`${command}\``, () => output);
  }
  const includes = [...text.matchAll(FILE_INCLUDE)].map((m) => m[2]);
  for (const ref of new Set(includes)) {
    const path = isAbsolute(ref) ? ref : resolve(ctx.cwd, ref);
    const refused = await allowed(ctx, 'Read', { kind: 'read', path });
    let content: string | undefined;
    if (!refused) content = await readFile(path, 'utf8').catch(() => undefined);
    if (content === undefined && !refused) continue; // not a file: an @-word left as typed
    const block = refused ? `[${ref} not included: ${refused}]` : `<file path="${ref}">\n${content}\n</file>`;
    text = text.replace(new RegExp(`(^|\\s)@${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`, 'g'), (_m, pre: string) => `${pre}${block}`);
  }
  return text;
}
