// Rewind to an earlier user message: the files (as they were before that message's turn), the
// conversation (a fork of the session up to just before that message), or both. The original
// session log is never changed, so a rewind of the conversation can itself be left again.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CheckpointFile, EventOf, SessionEvent } from '../session/events';
import { SessionLog } from '../session/log';
import { forkSession } from '../session/store';
import { sha256, type BlobStore } from './blobStore';

export interface RewindReport {
  /** Files written back with their earlier content. */
  restored: string[];
  /** Files the agent had created, removed again. */
  deleted: string[];
  /** Files that already held their earlier content (or, for created ones, were already gone). */
  unchanged: string[];
  failed: { path: string; reason: string }[];
}

/** How a rewind touches files; the default is the file system. A host may route it through its editor. */
export interface RewindFileOps {
  /** Current bytes, or undefined when the file does not exist. */
  read(absPath: string): Promise<Uint8Array | undefined>;
  write(absPath: string, bytes: Uint8Array, mode?: number): Promise<void>;
  remove(absPath: string): Promise<void>;
}

export const nodeFileOps: RewindFileOps = {
  async read(absPath) {
    try {
      return await fs.readFile(absPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  },
  async write(absPath, bytes, mode) {
    await fs.mkdir(path.dirname(absPath), { recursive: true });
    // In place (not temp + rename), so hard links and ownership of an existing file stay as they are.
    await fs.writeFile(absPath, bytes);
    if (mode !== undefined) await fs.chmod(absPath, mode);
  },
  async remove(absPath) {
    await fs.rm(absPath, { force: true });
  },
};

/** The user message with this id, and the ids of it and every later user message. */
function userMessageIndex(events: readonly SessionEvent[], userMessageId: string): { message: EventOf<'user_message'>; from: Set<string> } {
  const users = events.filter((e): e is EventOf<'user_message'> => e.type === 'user_message');
  const at = users.findIndex((u) => u.id === userMessageId);
  if (at === -1) {
    throw new Error(`There is no user message "${userMessageId}" in this session, so there is nothing to rewind to; pick one of its messages.`);
  }
  return { message: users[at], from: new Set(users.slice(at).map((u) => u.id)) };
}

/**
 * What each file touched since `toUserMessageId` (that message's turn included) held before: from
 * all checkpoints of that message and later ones, the earliest entry per path.
 */
export function planRewind(events: readonly SessionEvent[], toUserMessageId: string): CheckpointFile[] {
  const { from } = userMessageIndex(events, toUserMessageId);
  const plan = new Map<string, CheckpointFile>();
  for (const e of events) {
    if (e.type !== 'checkpoint' || !from.has(e.userMessageId)) continue;
    for (const f of e.files) if (!plan.has(f.path)) plan.set(f.path, f);
  }
  return [...plan.values()];
}

/** Puts every file touched since `toUserMessageId` back as it was before that message. Never throws per file. */
export async function rewindFiles(
  events: readonly SessionEvent[],
  toUserMessageId: string,
  store: BlobStore,
  ops: RewindFileOps = nodeFileOps,
): Promise<RewindReport> {
  const report: RewindReport = { restored: [], deleted: [], unchanged: [], failed: [] };
  for (const f of planRewind(events, toUserMessageId)) {
    if (f.notRestorable !== undefined) {
      report.failed.push({ path: f.path, reason: `not restorable: ${f.notRestorable}` });
      continue;
    }
    try {
      const current = await ops.read(f.path);
      if (f.hash === null) {
        if (current === undefined) report.unchanged.push(f.path);
        else {
          await ops.remove(f.path);
          report.deleted.push(f.path);
        }
        continue;
      }
      if (current !== undefined && sha256(current) === f.hash) {
        report.unchanged.push(f.path);
        continue;
      }
      await ops.write(f.path, await store.get(f.hash), f.mode);
      report.restored.push(f.path);
    } catch (err) {
      report.failed.push({ path: f.path, reason: (err as Error).message });
    }
  }
  return report;
}

export interface ConversationRewind {
  sessionId: string;
  file: string;
  /** The message rewound to, so the host can put it back in the input box for editing. */
  text: string;
}

/**
 * A new session holding the conversation up to, not including, `toUserMessageId`: continue in it to
 * take the conversation from there. Written to `dir` (the log's own folder by default).
 */
export function rewindConversation(logFile: string, toUserMessageId: string, dir?: string): ConversationRewind {
  const { events } = SessionLog.read(logFile);
  const { message } = userMessageIndex(events, toUserMessageId);
  const fork = forkSession(logFile, message.seq - 1, dir ?? path.dirname(logFile));
  return { ...fork, text: message.text };
}

export type RewindMode = 'files' | 'conversation' | 'both';

export interface RewindOptions {
  logFile: string;
  toUserMessageId: string;
  mode: RewindMode;
  store: BlobStore;
  /** Folder for the forked session; the log's own by default. */
  dir?: string;
  fileOps?: RewindFileOps;
}

export interface RewindResult {
  files?: RewindReport;
  conversation?: ConversationRewind;
}

/** The three rewinds of the spec. Stop the running turn first: its changes would race the restore. */
export async function rewind(opts: RewindOptions): Promise<RewindResult> {
  const result: RewindResult = {};
  if (opts.mode !== 'conversation') {
    result.files = await rewindFiles(SessionLog.read(opts.logFile).events, opts.toUserMessageId, opts.store, opts.fileOps);
  }
  if (opts.mode !== 'files') result.conversation = rewindConversation(opts.logFile, opts.toUserMessageId, opts.dir);
  return result;
}
