// Workspace trust: in a folder the user has not trusted (Restricted Mode) the agent may look but not
// touch. Plan mode is the core's read-only mode, so an untrusted workspace gets that whatever the
// user's setting asks for, until the user grants trust.
import * as vscode from 'vscode';
import type { PermissionMode } from '../../core/permissions/policy';
import { t } from '../l10n';

/** The mode the agent runs in: the requested one in a trusted workspace, 'plan' (read-only) otherwise. */
export function effectivePermissionMode(requested: PermissionMode, trusted: boolean = vscode.workspace.isTrusted): PermissionMode {
  return trusted ? requested : 'plan';
}

/** Why the agent is read-only, for the chat panel (shown while the workspace is untrusted). */
export function trustNotice(): string {
  return t(
    'This workspace is not trusted (Restricted Mode), so Tandem is read-only here: it can read and search files but will not edit them or run commands. To let it work, trust the folder (Command Palette: "Workspaces: Manage Workspace Trust"); a new chat then uses your permission mode.',
  );
}

/** trustNotice() while the workspace is untrusted, else undefined. */
export function currentTrustNotice(trusted: boolean = vscode.workspace.isTrusted): string | undefined {
  return trusted ? undefined : trustNotice();
}

/**
 * Calls `listener` once the user trusts the workspace (VS Code never revokes trust within a window,
 * it reloads instead), e.g. to lift plan mode on the running agent and clear the notice.
 */
export function onTrustGranted(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(listener);
}
