// /memory in the panel: a quick pick of the chat's memory files (CLAUDE.md, CLAUDE.local.md,
// AGENTS.md, rules, imports), with where each came from; the chosen one opens in an editor. An
// import from outside the workspace is listed with the question Claude Code asks once per project
// (allow external imports?); the answer is kept in the user folder and applies to new chats.
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { externalImportsDecision, recordExternalImportsDecision } from '../core/memory/approval';
import type { MemoryEntry } from '../core/memory/types';
import { t } from './l10n';

const USER_DIR = () => join(homedir(), '.tandem');

export interface MemoryHost {
  /** The chat's memory files (its agent's, or found afresh when no agent runs yet). */
  memoryFiles(): Promise<MemoryEntry[]>;
  /** The first workspace folder (the project external imports are approved for). */
  projectDir: string | undefined;
  notice(level: 'info' | 'error', message: string): void;
}

interface Item extends vscode.QuickPickItem {
  entry?: MemoryEntry;
  /** A file Claude Code offers to create: opened unsaved, written only when the user saves. */
  create?: string;
}

function scopeLabel(e: MemoryEntry): string {
  const scope = e.scope === 'managed' ? t('managed') : e.scope === 'user' ? t('user') : e.scope === 'project' ? t('project') : e.scope === 'local' ? t('local') : t('folder');
  return e.kind === 'rule' ? (e.paths ? t('{0} rule for {1}', scope, e.paths.join(', ')) : t('{0} rule', scope)) : scope;
}

function statusLabel(e: MemoryEntry): string | undefined {
  switch (e.status) {
    case 'loaded':
      return undefined;
    case 'on-demand':
      return t('loaded when a matching file is read');
    case 'external':
      return t('not loaded: outside the workspace (choose to allow)');
    case 'missing':
      return t('not found');
    case 'denied':
      return t('not loaded: a deny rule or a secrets folder covers it');
    case 'too-deep':
      return t('not loaded: too many imports deep');
    case 'cycle':
      return t('not loaded again: import cycle');
    case 'duplicate':
      return t('already loaded');
    case 'unreadable':
      return t('could not be read');
    case 'excluded':
      return t('not loaded: excluded by claudeMdExcludes ({0})', (e.note ?? '').replace(/^claudeMdExcludes: /, ''));
  }
}

export function memoryItems(entries: MemoryEntry[], projectDir: string | undefined): Item[] {
  const items: Item[] = entries.map((e) => {
    const from = e.importedBy?.length ? t('imported from {0}', basename(e.importedBy[e.importedBy.length - 1])) : undefined;
    const status = statusLabel(e);
    return {
      label: `${e.importedBy?.length ? '$(arrow-right) ' : ''}${basename(e.path)}`,
      description: [scopeLabel(e), from].filter(Boolean).join(' · '),
      detail: status ? `${e.path} — ${status}` : e.path,
      entry: e,
    };
  });
  // As Claude Code's /memory: the user and project CLAUDE.md are offered even before they exist.
  const listed = new Set(entries.map((e) => e.path));
  const offer = [join(homedir(), '.claude', 'CLAUDE.md'), ...(projectDir ? [join(projectDir, 'CLAUDE.md')] : [])];
  for (const path of offer) {
    if (!listed.has(path)) items.push({ label: `$(new-file) ${basename(path)}`, description: t('new file'), detail: path, create: path });
  }
  return items;
}

export async function openMemory(host: MemoryHost): Promise<void> {
  let entries: MemoryEntry[];
  try {
    entries = await host.memoryFiles();
  } catch (err) {
    host.notice('error', t('Could not list the memory files: {0}', String(err)));
    return;
  }
  const choice = await vscode.window.showQuickPick(memoryItems(entries, host.projectDir), {
    title: t('Tandem: memory files'),
    placeHolder: t('Choose a file to open it'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!choice) return;
  if (choice.create) {
    await vscode.window.showTextDocument(vscode.Uri.file(choice.create).with({ scheme: 'untitled' }));
    return;
  }
  const e = choice.entry!;
  if (e.status === 'external' && host.projectDir) {
    await askExternalImports(host.projectDir, entries.filter((x) => x.status === 'external'), true);
    return;
  }
  if (e.status === 'missing' || e.status === 'denied') {
    host.notice('info', t('{0} is not loaded: {1}', e.path, statusLabel(e) ?? ''));
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(e.path), { preview: false });
}

/**
 * Claude Code's question about external imports, asked once per project (or again from /memory):
 * the files are named; the answer is recorded and applies to chats started after it.
 */
export async function askExternalImports(projectDir: string, external: MemoryEntry[], fromMemoryCommand = false): Promise<void> {
  if (external.length === 0) return;
  if (!fromMemoryCommand && externalImportsDecision(USER_DIR(), projectDir) !== undefined) return;
  const allow = t('Allow');
  const deny = t("Don't allow");
  const answer = await vscode.window.showWarningMessage(
    t('This workspace\'s memory files import files from outside it: {0}. Load them into new chats?', external.map((e) => e.path).join(', ')),
    { modal: fromMemoryCommand },
    allow,
    deny,
  );
  if (answer === undefined) return;
  recordExternalImportsDecision(USER_DIR(), projectDir, answer === allow);
  if (answer === allow) void vscode.window.showInformationMessage(t('External imports are allowed for this workspace: new chats load them.'));
}
