// The host side of the chat's slash commands (/clear, /resume, /model, /permissions, /init, /cost,
// /memory, /help). The webview only names the command; what it does happens here, through the few things the
// chat controller lends (SlashHost), so this file holds no chat state of its own. /model and /resume
// reuse what the header's model picker and History use (statusBar.ts, sessions.ts).
import * as vscode from 'vscode';
import { SLASH_COMMANDS } from '../protocol/input';
import type { SlashName } from '../protocol/input';
import { formatTokens, formatUsage } from '../protocol/messages';
import type { CustomCommandView, SessionSummary, UsageView } from '../protocol/messages';
import { choiceLabel, modelPickerChoices, readSettings } from './config';
import { t } from './l10n';
import { chooseModel } from './statusBar';
import { openMemory } from './memoryCommand';
import type { MemoryEntry } from '../core/memory/types';

export interface SlashHost {
  newChat(): void;
  /** Send a message as if the user typed it (queued when a turn runs). */
  send(text: string): Promise<void>;
  notice(level: 'info' | 'error', message: string): void;
  /** This chat's token use so far; undefined before the first reply. */
  usage(): UsageView | undefined;
  /** /compact: summarise the conversation now, with the user's instructions. */
  compact(instructions: string): Promise<void>;
  /** /context: the context in use and the session memory, as text. */
  contextReport(): string;
  /** /memory: this chat's memory files, loaded or not, with where each came from. */
  memoryFiles(): Promise<MemoryEntry[]>;
  /** The first workspace folder; undefined without one. */
  projectDir: string | undefined;
  /** The workspace's session history; undefined when the chat has none (no registry). */
  sessions?: { list(): SessionSummary[]; resume(sessionId: string): Promise<void> };
  /** The custom commands, skills and MCP prompts the menu lists (customCommands.ts), for /help. */
  customCommands?(): { items: CustomCommandView[]; defs: { name: string; file: string }[] };
  /** /status: the model, mode, settings files, MCP servers and memory files, as text. */
  status?(): Promise<string>;
}

/** What /init asks the agent; its Write goes through the normal review like any edit. */
export const INIT_PROMPT = `Please draft an AGENTS.md file for this project, at the root of the workspace, for AI coding agents (and people) who will work in this repository.

First look around: read the README and the build and package files (package.json, pyproject.toml, Cargo.toml, go.mod, Makefile, CI configuration, or whatever this project uses), look at the folder structure and a few representative source and test files, and read any existing AGENTS.md, CLAUDE.md, .cursorrules or .github/copilot-instructions.md (keep what is still true in them).

Then write AGENTS.md with short, concrete sections:
- What the project is, in two or three sentences.
- How to install dependencies, build, run, lint and test, with the exact commands (including how to run a single test).
- The layout: the main folders and what lives where.
- The conventions a newcomer would get wrong: code style, naming, error handling, architecture rules, anything the tooling enforces.
- Anything that needs care: generated files, secrets, slow or flaky tests, things not to touch.

Only write down what you found in the repository; do not invent commands. Keep it under about 150 lines. If AGENTS.md already exists, improve it rather than replacing what is still accurate.`;

/** What /help shows: the commands and the keys, in the user's language. */
export function helpText(): string {
  return [
    t('Commands:'),
    // descriptions: extracted from SLASH_COMMANDS by scripts/l10n.ts
    ...SLASH_COMMANDS.map((c) => `/${c.name}${c.args ? ` ${c.args}` : ''} — ${t(c.description)}`),
    '',
    t('Keys:'),
    t('Enter sends; Shift+Enter starts a new line; Shift+Tab changes the permission mode.'),
    t('@ mentions a file or folder, the selection, problems, the terminal output or git changes.'),
    t('/ at the start opens these commands.'),
    t('A message sent while Tandem works is queued until it finishes.'),
    t('Paste an image to attach it.'),
  ].join('\n');
}

export async function runSlashCommand(name: SlashName, args: string, host: SlashHost): Promise<void> {
  switch (name) {
    case 'clear':
      host.newChat();
      return;
    case 'resume':
      return resume(args, host);
    case 'model':
      return model(args, host);
    case 'permissions':
      await vscode.commands.executeCommand('tandem.permissions');
      return;
    case 'init':
      await host.send(INIT_PROMPT);
      return;
    case 'cost':
      host.notice('info', costText(host.usage()));
      return;
    case 'compact':
      await host.compact(args);
      return;
    case 'context':
      host.notice('info', host.contextReport());
      return;
    case 'mcp':
      host.notice('info', (await vscode.commands.executeCommand<string | undefined>('tandem.mcp.summary')) ?? '');
      await vscode.commands.executeCommand('tandem.mcpView.focus');
      return;
    case 'memory':
      return openMemory(host);
    case 'status':
      host.notice('info', host.status ? await host.status() : t('No status is available for this chat.'));
      return;
    case 'help': {
      const custom = host.customCommands?.();
      host.notice('info', custom ? `${helpText()}\n\n${customHelpText(custom.items, custom.defs)}` : helpText());
      return;
    }
  }
}

/**
 * /help's part on custom commands, skills and MCP prompts; a custom command that a built-in of the
 * same name hides is named with its file, so it is never hidden silently.
 */
export function customHelpText(items: CustomCommandView[], defs: { name: string; file: string }[]): string {
  if (!items.length) return t('No custom commands: add Markdown files to .claude/commands (or ~/.claude/commands, .tandem/commands), skills to .claude/skills/<name>/SKILL.md.');
  const lines = [t('Custom commands, skills and MCP prompts:')];
  const hidden: string[] = [];
  for (const c of items) {
    if (c.shadowed) {
      hidden.push(t('/{0} ({1}) is hidden by the built-in /{0}; rename the file to use it.', c.name, defs.find((d) => d.name === c.name)?.file ?? c.origin));
      continue;
    }
    lines.push(`/${c.name}${c.argumentHint ? ` ${c.argumentHint}` : ''} — ${c.description || t('(no description)')}`);
  }
  return [...lines, ...hidden].join('\n');
}

/** "/cost": the context in use, output so far, and the cost when the model's prices are known. */
export function costText(u: UsageView | undefined): string {
  if (!u) return t('This chat has not used any tokens yet.');
  const cost = u.costUsd === undefined ? t('Cost unknown: no prices are known for this model.') : t('Cost so far at list prices: ${0}.', u.costUsd.toFixed(4));
  const use = u.contextWindow
    ? t('This chat: {0}. Context now {1} tokens of {2}; {3} output tokens so far.', formatUsage(u), formatTokens(u.contextTokens), formatTokens(u.contextWindow), formatTokens(u.outputTokens))
    : t('This chat: {0}. Context now {1} tokens; {2} output tokens so far.', formatUsage(u), formatTokens(u.contextTokens), formatTokens(u.outputTokens));
  return `${use} ${cost}`;
}

async function resume(args: string, host: SlashHost): Promise<void> {
  if (!host.sessions) {
    host.notice('error', t('This chat keeps no session history to resume from.'));
    return;
  }
  let sessions: SessionSummary[];
  try {
    sessions = host.sessions.list();
  } catch (err) {
    host.notice('error', t('Could not list the sessions: {0}', (err as Error).message));
    return;
  }
  let id: string | undefined;
  if (args) {
    const matches = sessions.filter((s) => s.id === args || s.id.startsWith(args));
    const exact = matches.find((s) => s.id === args);
    if (!exact && matches.length !== 1) {
      host.notice(
        'error',
        matches.length ? t('{0} sessions start with {1}; type more of the id.', matches.length, args) : t('No session of this workspace has the id {0}. Type /resume alone to choose from a list.', args),
      );
      return;
    }
    id = (exact ?? matches[0]).id;
  } else {
    const others = sessions.filter((s) => !s.open);
    if (others.length === 0) {
      host.notice('info', t('There is no earlier chat in this workspace to resume.'));
      return;
    }
    const choice = await vscode.window.showQuickPick(
      others.slice(0, 200).map((s) => ({
        label: s.title || t('(untitled)'),
        description: `${new Date(s.date).toLocaleString()} · ${s.messages === 1 ? t('1 message') : t('{0} messages', s.messages)}`,
        detail: s.id,
        id: s.id,
      })),
      { title: t('Tandem: resume a chat'), placeHolder: t('Chats of this workspace, newest first'), matchOnDescription: true, matchOnDetail: true },
    );
    id = choice?.id;
  }
  if (id) await host.sessions.resume(id);
}

async function model(args: string, host: SlashHost): Promise<void> {
  const { choice: providerChoice, model: current } = readSettings();
  let chosen = args;
  if (!chosen) {
    const other = t('Another model id…');
    const choice = await vscode.window.showQuickPick(
      [...modelPickerChoices(current).map((id) => ({ label: id, description: id === current ? t('current') : '' })), { label: other, description: '' }],
      { title: t('Tandem: model ({0})', choiceLabel(providerChoice)), placeHolder: t('Now: {0}', current) },
    );
    if (!choice) return;
    chosen = choice.label === other ? ((await vscode.window.showInputBox({ title: t('Tandem: model id'), value: current })) ?? '').trim() : choice.label;
    if (!chosen) return;
  }
  try {
    await chooseModel(chosen);
    host.notice('info', t('Model: {0}. It answers from the next message on.', chosen));
  } catch (err) {
    host.notice('error', (err as Error).message);
  }
}
