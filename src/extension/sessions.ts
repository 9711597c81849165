// The workspace's session history on the host: list, resume, rename, delete and fork the session
// logs in the extension's global storage (storedTranscript.ts makes a stored session's transcript).
// The logs are the source of truth (ARCHITECTURE.md, "A session is an event log"): a rename is a
// title event, a fork a copied prefix, and a resumed chat's transcript is derived from the events.
import { unlinkSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SessionEvent } from '../core/session/events';
import { SessionLog } from '../core/session/log';
import { forkSession, listSessions, sessionFileById, sessionsDir } from '../core/session/store';
import type { SessionInfo } from '../core/session/store';
import type { SessionSummary } from '../protocol/messages';
import type { ChatController } from './chatController';
import type { SessionMessage } from './chatHost';
export type { SessionMessage } from './chatHost';
import { VscodeWorkspace } from './host/vscodeWorkspace';
import { t } from './l10n';


/** What the session actions need from the open chats (the ChatRegistry). */
export interface SessionChats {
  all(): readonly ChatController[];
  /** A new chat in an editor tab showing this session, continuing it on the next message. */
  openInEditor(opts: { file: string; prefill?: string; title?: string }): Promise<ChatController>;
  reveal(chat: ChatController): Promise<void>;
  /** The session shown in this chat got a title (an editor tab shows it). */
  titled(chat: ChatController, title: string): void;
}

/** User messages and replies with text: what "N messages" counts in the list. */
function messageCount(events: readonly SessionEvent[]): number {
  return events.filter((e) => e.type === 'user_message' || (e.type === 'assistant_message' && e.message.content.some((b) => b.type === 'text' && b.text))).length;
}

export class SessionActions {
  /** Asks before a delete, in a modal dialog (the edge integration tests answer themselves). */
  confirmDelete = async (title: string): Promise<boolean> => {
    const del = t('Delete');
    const answer = await vscode.window.showWarningMessage(
      t('Delete the session “{0}”?', title),
      { modal: true, detail: t('Its conversation log is removed from disk; this cannot be undone. Files the agent changed stay as they are.') },
      del,
    );
    return answer === del;
  };

  constructor(
    /** The extension's global storage: logs are under <it>/projects/<workspace slug>/. */
    private readonly storageDir: string,
    private readonly chats: SessionChats,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** This workspace's session folder; undefined without a folder (such chats keep no log). */
  dir(): string | undefined {
    const root = new VscodeWorkspace({ ripgrepPath: undefined }).roots()[0];
    return root ? sessionsDir(this.storageDir, root) : undefined;
  }

  /** The History list: newest first; sessions without a message are left out unless a chat shows them. */
  list(): SessionSummary[] {
    const dir = this.dir();
    if (!dir) return [];
    const open = new Set(this.chats.all().map((c) => c.logFile).filter((f) => f !== undefined));
    const out: SessionSummary[] = [];
    for (const info of listSessions(dir)) {
      let messages: number;
      try {
        messages = messageCount(SessionLog.read(info.file).events);
      } catch {
        continue; // deleted while listing
      }
      const isOpen = open.has(info.file);
      if (messages === 0 && !isOpen) continue;
      out.push({ id: info.sessionId, title: info.title, date: Math.round(info.mtimeMs), messages, open: isOpen });
    }
    return out;
  }

  /** Acts on a History or Fork message from `chat`'s view; failures become a notice there. */
  async receive(chat: ChatController, msg: SessionMessage): Promise<void> {
    try {
      switch (msg.type) {
        case 'listSessions':
          break;
        case 'resumeSession':
          await this.resume(chat, this.find(msg.sessionId));
          return;
        case 'renameSession':
          this.rename(this.find(msg.sessionId), msg.title);
          break;
        case 'deleteSession':
          await this.delete(this.find(msg.sessionId));
          break;
        case 'forkSession':
          await this.fork(chat, msg.userMessageId);
          return;
      }
      chat.postToView({ type: 'sessions', sessions: this.list() });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`Session history (${msg.type}): ${message}`);
      chat.postToView({ type: 'notice', level: 'error', message });
    }
  }

  /**
   * The log of a session to reopen after a window reload: an exact id of this workspace's history
   * (the id comes from the view's saved state, which is untrusted), not already open in a chat.
   */
  restorable(sessionId: unknown): string | undefined {
    if (typeof sessionId !== 'string' || !/^[\w.-]{1,200}$/.test(sessionId)) return undefined;
    // By its file name first: listing parses every log of the workspace, the restored one included.
    const dir = this.dir();
    const file = (dir && sessionFileById(dir, sessionId)) || this.byId(sessionId)?.file;
    return file && !this.openIn(file) ? file : undefined;
  }

  /** A session of this workspace by its exact id: ids come from the webview, which is untrusted, and a prefix could name another session. */
  private byId(sessionId: string): SessionInfo | undefined {
    const dir = this.dir();
    return dir ? listSessions(dir).find((s) => s.sessionId === sessionId) : undefined;
  }

  private find(sessionId: string): SessionInfo {
    const info = this.byId(sessionId);
    if (!info) throw new Error(t('That session is no longer in this workspace’s history (it may have been deleted). Open History again to refresh the list.'));
    return info;
  }

  private openIn(file: string): ChatController | undefined {
    return this.chats.all().find((c) => c.logFile === file);
  }

  private async resume(chat: ChatController, info: SessionInfo): Promise<void> {
    const holder = this.openIn(info.file);
    if (holder === chat) return;
    // One writer per log: a session open elsewhere is shown there instead of opened twice.
    if (holder) {
      await this.chats.reveal(holder);
      chat.postToView({ type: 'notice', level: 'info', message: t('That session is already open in another chat; it is shown there.') });
      return;
    }
    await chat.openSession(info.file);
    if (info.title) this.chats.titled(chat, info.title);
  }

  private rename(info: SessionInfo, title: string): void {
    const holder = this.openIn(info.file);
    // The chat whose agent writes the log appends through that writer, so seq stays consecutive.
    if (!holder?.appendTitle(title)) {
      const log = SessionLog.open(info.file);
      try {
        log.append({ type: 'title', title });
      } finally {
        log.close();
      }
    }
    if (holder) this.chats.titled(holder, title);
  }

  private async delete(info: SessionInfo): Promise<void> {
    if (this.openIn(info.file)) {
      throw new Error(t('“{0}” is open in a chat. Start a new chat there (or close its tab) first, then delete it.', info.title || info.sessionId));
    }
    if (!(await this.confirmDelete(info.title || info.sessionId))) return;
    unlinkSync(info.file);
  }

  /** A copy of this chat's session up to before one of its user messages, opened in a new editor tab. */
  private async fork(chat: ChatController, userMessageId: string): Promise<void> {
    const file = chat.logFile;
    const message = file ? SessionLog.read(file).events.find((e) => e.type === 'user_message' && e.id === userMessageId) : undefined;
    if (!file || !message || message.type !== 'user_message') {
      throw new Error(t('There is nothing to fork from: that message is not in this chat’s saved session.'));
    }
    const fork = forkSession(file, message.seq - 1);
    this.log.info(`Forked session ${path.basename(file)} before message ${userMessageId} into ${path.basename(fork.file)}.`);
    await this.chats.openInEditor({ file: fork.file, prefill: message.text, title: t('Fork: {0}', oneLine(message.text)) });
  }
}

function oneLine(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
