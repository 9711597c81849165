// Builds the agent the chat runs: the core's loop with the tools this host can offer safely today.
// Until edits are reviewable in the editor (the editor issue), the panel's agent gets the read-only
// tools only; reads outside the workspace are denied because this host has no approval prompt yet.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Conversation } from '../core/agent/conversation';
import { SessionRecorder } from '../core/agent/recorder';
import type { ProviderConfig } from '../core/llm/types';
import { createProvider } from '../core/llm';
import { environmentFacts } from '../core/memory/environment';
import { loadInstructions } from '../core/memory/instructions';
import { buildSystemPrompt } from '../core/memory/systemPrompt';
import { AutoApplyProposals } from '../core/node/autoApplyProposals';
import { findRipgrep } from '../core/node/ripgrep';
import { NodeWorkspace } from '../core/node/workspace';
import { PermissionPolicy } from '../core/permissions/policy';
import { systemClock } from '../core/ports';
import type { Shell } from '../core/ports';
import { SessionLog } from '../core/session/log';
import { sessionsDir } from '../core/session/store';
import { READ_ONLY_TOOLS } from '../core/tools/registry';
import { homedir, tmpdir } from 'node:os';

/** The ripgrep VS Code ships, wherever this build keeps it. */
export function vscodeRipgrep(): string | undefined {
  const root = vscode.env.appRoot;
  const candidates = [
    join(root, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    join(root, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', 'rg'),
    join(root, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, 'rg'),
  ].filter((p) => existsSync(p));
  return findRipgrep({ candidates });
}

const noShell: Shell = {
  run: () => Promise.reject(new Error('Running commands is not available in the chat panel yet.')),
  dispose: () => undefined,
};

export interface ChatAgent {
  conversation: Conversation;
  recorder: SessionRecorder | undefined;
  dispose(): void;
}

export async function createChatAgent(config: ProviderConfig, model: string, storageDir: string): Promise<ChatAgent> {
  const provider = createProvider(config);
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (folders.length === 0) {
    // No folder open: a plain chat, without tools.
    const system = buildSystemPrompt({ facts: await environmentFacts({ cwd: homedir(), now: new Date() }), instructions: [], toolNames: [] });
    return { conversation: new Conversation({ provider, model, system }), recorder: undefined, dispose: () => undefined };
  }
  const workspace = new NodeWorkspace({ roots: folders, ripgrepPath: vscodeRipgrep() });
  const cwd = workspace.roots()[0];
  const [facts, instructions] = await Promise.all([
    environmentFacts({ cwd, now: new Date() }),
    loadInstructions({ userDir: join(homedir(), '.tandem'), roots: workspace.roots() }),
  ]);
  const tools = [...READ_ONLY_TOOLS];
  const system = buildSystemPrompt({ facts, instructions, toolNames: tools.map((t) => t.name) });
  let log: SessionLog | undefined;
  try {
    log = SessionLog.create(sessionsDir(storageDir, cwd), { cwd, provider: config.provider, model });
  } catch {
    log = undefined; // a read-only storage folder must not stop the chat
  }
  const conversation = new Conversation({
    provider,
    model,
    system,
    tools,
    toolContext: {
      cwd,
      workspace,
      proposals: new AutoApplyProposals(),
      shell: noShell,
      session: { readFiles: new Map(), todos: [], scratchDir: join(tmpdir(), 'tandem', log?.sessionId ?? 'chat') },
      clock: systemClock,
    },
    permissions: new PermissionPolicy('plan', {}, workspace.roots()),
  });
  return { conversation, recorder: log && new SessionRecorder(log), dispose: () => log?.close() };
}
