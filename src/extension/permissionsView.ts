// The permissions view: every rule from the settings files Tandem reads, grouped by file, with
// Remove on each and Add for new ones; and the prompt that approves a repository's risky settings.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseRule } from '../core/permissions/rules';
import { addRuleToFile, approveSettings, projectSettingsFile, userSettingsFile, writeJsonAtomic } from '../core/permissions/settings';
import type { PendingApproval, SettingsFile } from '../core/permissions/settings';
import { t } from './l10n';

type List = 'allow' | 'ask' | 'deny';
const LISTS: List[] = ['deny', 'ask', 'allow'];

export function userDir(): string {
  return join(homedir(), '.tandem');
}

/** The settings files in the order they are shown: user first, then each folder's shared and personal. */
export function settingsFiles(): { file: string; label: string }[] {
  const out = [{ file: userSettingsFile(userDir()), label: t('User ({0})', '~/.tandem/settings.json') }];
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (f.uri.scheme !== 'file') continue;
    out.push({ file: projectSettingsFile(f.uri.fsPath, 'project'), label: t('{0}: shared ({1})', f.name, '.tandem/settings.json') });
    out.push({ file: projectSettingsFile(f.uri.fsPath, 'local'), label: t('{0}: personal ({1})', f.name, '.tandem/settings.local.json') });
  }
  return out;
}

function readSettingsFile(file: string): SettingsFile {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SettingsFile;
  } catch (err) {
    throw new Error(t('{0} is not valid JSON ({1}); fix it in the editor first.', file, (err as Error).message));
  }
}

export function rulesIn(file: string): { list: List; rule: string }[] {
  const p = readSettingsFile(file).permissions ?? {};
  return LISTS.flatMap((list) => (Array.isArray(p[list]) ? (p[list] as unknown[]).filter((r): r is string => typeof r === 'string').map((rule) => ({ list, rule })) : []));
}

export function removeRule(file: string, list: List, rule: string): void {
  const s = readSettingsFile(file);
  const p = s.permissions ?? {};
  const next = (Array.isArray(p[list]) ? p[list] : []).filter((r) => r !== rule);
  writeJsonAtomic(file, { ...s, permissions: { ...p, [list]: next } });
}

interface RuleItem extends vscode.QuickPickItem {
  action: 'add' | 'rule';
  file?: string;
  list?: List;
  rule?: string;
}

/** Opens the view. `changed` runs after every edit, so the running agent picks the rules up at once. */
export async function showPermissions(changed: () => void): Promise<void> {
  const qp = vscode.window.createQuickPick<RuleItem>();
  qp.title = t('Tandem permissions: deny beats ask beats allow');
  qp.placeholder = t('Pick a rule to remove it, or add one');
  const removeButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: t('Remove this rule') };
  const refresh = () => {
    const items: RuleItem[] = [{ label: `$(add) ${t('Add a rule…')}`, action: 'add', alwaysShow: true }];
    for (const { file, label } of settingsFiles()) {
      const rules = rulesIn(file);
      if (rules.length === 0) continue;
      items.push({ label, kind: vscode.QuickPickItemKind.Separator, action: 'rule' });
      for (const r of rules) items.push({ label: r.rule, description: r.list, action: 'rule', file, list: r.list, rule: r.rule, buttons: [removeButton] });
    }
    qp.items = items;
  };
  const remove = (item: RuleItem) => {
    removeRule(item.file!, item.list!, item.rule!);
    changed();
    refresh();
  };
  try {
    refresh();
  } catch (err) {
    void vscode.window.showErrorMessage(t('Tandem: {0}', (err as Error).message));
    return;
  }
  qp.onDidTriggerItemButton((e) => remove(e.item));
  qp.onDidAccept(async () => {
    const item = qp.selectedItems[0];
    if (!item) return;
    if (item.action === 'rule') {
      const removeLabel = t('Remove');
      const ok = await vscode.window.showWarningMessage(t('Remove the {0} rule {1}?', item.list!, item.rule!), { modal: true }, removeLabel);
      if (ok === removeLabel) remove(item);
      return;
    }
    qp.hide();
    await addRuleInteractively(changed);
  });
  qp.onDidHide(() => qp.dispose());
  qp.show();
}

async function addRuleInteractively(changed: () => void): Promise<void> {
  const list = await vscode.window.showQuickPick(
    [
      { label: 'allow', description: t('run without asking') },
      { label: 'ask', description: t('always ask, even when an allow rule matches') },
      { label: 'deny', description: t('never run') },
    ],
    { title: t('Add a permission rule') },
  );
  if (!list) return;
  const rule = await vscode.window.showInputBox({
    title: t('Add a {0} rule', list.label),
    prompt: t('Tool or Tool(spec): {0}', 'Bash(npm run test:*), Edit(src/**), Read(.env), WebFetch'),
    validateInput: (v) => {
      try {
        parseRule(v);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
  if (!rule) return;
  const target = await vscode.window.showQuickPick(settingsFiles().map((f) => ({ label: f.label, file: f.file })), { title: t('Where should the rule live?') });
  if (!target) return;
  addRuleToFile(target.file, list.label as List, rule.trim());
  changed();
  void vscode.window.showInformationMessage(t('Tandem: added {0} rule {1}.', list.label, rule.trim()));
}

/**
 * A repository's settings that would raise its own trust (looser mode, broad allow rules, provider
 * settings) apply only once the user approves exactly them; this asks.
 */
export async function askToApproveSettings(pending: PendingApproval[], changed: () => void): Promise<void> {
  for (const p of pending) {
    const detail = t('{0} would:\n- {1}\n\nUntil you approve, Tandem ignores these parts of the file.', vscode.workspace.asRelativePath(p.file), p.items.join('\n- '));
    const approve = t('Approve');
    const answer = await vscode.window.showWarningMessage(t('Tandem: this workspace asks for more permissions'), { modal: true, detail }, approve);
    if (answer === approve) {
      approveSettings(p.file, p.hash, userDir());
      changed();
    }
  }
}

/** Watches every settings file Tandem reads (user and workspace) and calls back on any change. */
export function settingsWatcher(onChange: () => void): vscode.Disposable {
  const user = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(userDir()), 'settings.json'));
  const claudeUser = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(join(homedir(), '.claude')), 'settings.json'));
  const project = vscode.workspace.createFileSystemWatcher('**/.{tandem,claude}/settings{,.local}.json');
  const subs = [user, claudeUser, project].flatMap((w) => [w.onDidChange(onChange), w.onDidCreate(onChange), w.onDidDelete(onChange), w]);
  return vscode.Disposable.from(...subs);
}
