// The MCP view in Tandem's side bar: each server with its status, origin and the tokens its tool
// schemas cost; its tools beneath, each with a checkbox to switch it off or on; and the actions
// (approve, refuse, restart, enable, disable, output) as inline buttons and in the context menu.
import * as vscode from 'vscode';
import type { ServerState } from '../../core/mcp/manager';
import { t } from '../l10n';
import type { McpHost } from './mcpHost';
import { statusText } from './mcpHost';

export const MCP_VIEW_ID = 'tandem.mcpView';

export type McpNode = { kind: 'server'; server: string } | { kind: 'tool'; server: string; tool: string };

const ICON: Record<ServerState['status'], string> = {
  'pending-approval': 'shield',
  refused: 'circle-slash',
  disabled: 'circle-outline',
  starting: 'loading~spin',
  connected: 'pass-filled',
  failed: 'error',
  'needs-auth': 'key',
  stopped: 'debug-stop',
};

export class McpTreeProvider implements vscode.TreeDataProvider<McpNode> {
  private readonly changed = new vscode.EventEmitter<McpNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly host: McpHost) {
    host.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: McpNode): McpNode[] {
    const m = this.host.manager;
    if (!m) return [];
    if (!node) return m.servers().map((s) => ({ kind: 'server', server: s.name }));
    if (node.kind === 'server') return (m.server(node.server)?.tools ?? []).map((tool) => ({ kind: 'tool', server: node.server, tool: tool.name }));
    return [];
  }

  getTreeItem(node: McpNode): vscode.TreeItem {
    const s = this.host.manager?.server(node.server);
    if (!s) return new vscode.TreeItem(node.server);
    if (node.kind === 'tool') {
      const tool = s.tools.find((x) => x.name === node.tool);
      const item = new vscode.TreeItem(node.tool.slice(`mcp__${node.server}__`.length) || node.tool);
      item.description = tool?.concurrent ? t('read-only (server says)') : undefined;
      item.tooltip = `${node.tool}\n\n${tool?.description ?? ''}`;
      item.checkboxState = s.disabledTools.includes(node.tool) ? vscode.TreeItemCheckboxState.Unchecked : vscode.TreeItemCheckboxState.Checked;
      item.contextValue = 'mcpTool';
      return item;
    }
    const item = new vscode.TreeItem(s.name, s.tools.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `mcp:${s.name}`;
    const cost = s.status === 'connected' ? ` · ${t('{0} tools, about {1} tokens', s.tools.length - s.disabledTools.length, s.tokenCost.toLocaleString())}` : '';
    item.description = `${statusText(s)}${cost} · ${s.entry.origin.scope}`;
    item.iconPath = new vscode.ThemeIcon(ICON[s.status]);
    item.tooltip = new vscode.MarkdownString(
      [`**${s.name}** (${statusText(s)})`, `${t('From')}: ${s.entry.origin.file} (${s.entry.origin.scope})`, `${t('Runs')}: \`${s.command}\``, s.trust.reason, s.error ? `${t('Error')}: ${s.error}` : '']
        .filter(Boolean)
        .join('\n\n'),
    );
    item.contextValue = `mcpServer.${s.status}`;
    return item;
  }

  /** The tool checkboxes: unchecked tools are not offered to the model. */
  onCheckbox(e: vscode.TreeCheckboxChangeEvent<McpNode>): void {
    for (const [node, state] of e.items) {
      if (node.kind === 'tool') this.host.manager?.setToolEnabled(node.server, node.tool, state === vscode.TreeItemCheckboxState.Checked);
    }
  }
}

const serverOf = (arg: unknown): string | undefined =>
  typeof arg === 'string' ? arg : arg && typeof arg === 'object' && typeof (arg as McpNode).server === 'string' ? (arg as McpNode).server : undefined;

export function registerMcpView(host: McpHost, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const provider = new McpTreeProvider(host);
  const view = vscode.window.createTreeView(MCP_VIEW_ID, { treeDataProvider: provider, showCollapseAll: false });
  const run = (id: string, fn: (server: string) => Promise<void> | void) =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      const name = serverOf(arg) ?? (await pickServer(host));
      if (name) await fn(name);
    });
  return [
    view,
    view.onDidChangeCheckboxState((e) => provider.onCheckbox(e)),
    run('tandem.mcp.approve', (s) => host.approve(s)),
    run('tandem.mcp.refuse', (s) => host.manager?.answer(s, 'refused')),
    run('tandem.mcp.restart', (s) => host.manager?.restart(s)),
    run('tandem.mcp.enable', (s) => host.manager?.setServerEnabled(s, true)),
    run('tandem.mcp.disable', (s) => host.manager?.setServerEnabled(s, false)),
    vscode.commands.registerCommand('tandem.mcp.reload', () => host.reload()),
    vscode.commands.registerCommand('tandem.mcp.showOutput', () => log.show(true)),
    vscode.commands.registerCommand('tandem.mcp.summary', () => host.summary()),
  ];
}

async function pickServer(host: McpHost): Promise<string | undefined> {
  const servers = host.manager?.servers() ?? [];
  const pick = await vscode.window.showQuickPick(
    servers.map((s) => ({ label: s.name, description: statusText(s), detail: s.command })),
    { title: t('MCP server') },
  );
  return pick?.label;
}
