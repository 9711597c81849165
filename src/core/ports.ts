// What a host gives the core (ARCHITECTURE.md, "Ports"). The core never touches the file system,
// a terminal or the user directly for anything a host may want to mediate: it goes through these.
import type { ChildProcess } from 'node:child_process';
import type { FileEncoding } from './edits/encoding';

export interface FileStat {
  type: 'file' | 'directory' | 'other';
  size: number;
  mtimeMs: number;
}

export interface DirEntry {
  name: string;
  type: 'file' | 'directory' | 'other';
}

export interface Workspace {
  /** Absolute, canonical workspace folders. The first is the default cwd. */
  roots(): string[];
  /** File bytes. In VS Code an open, dirty editor's text is what is read. Throws ENOENT-style errors. */
  readFile(absPath: string): Promise<Uint8Array>;
  stat(absPath: string): Promise<FileStat | undefined>;
  list(absDir: string): Promise<DirEntry[]>;
  realpath(absPath: string): Promise<string>;
  /**
   * ripgrep binary Glob and Grep run; undefined when none was found (the tools then say so). A host
   * may still be looking for it (a promise), so that start-up does not wait for the lookup.
   */
  ripgrepPath(): string | undefined | Promise<string | undefined>;
  /**
   * Globs of paths the user has hidden from search (in VS Code: the `files.exclude` and
   * `search.exclude` settings), which Glob and Grep leave out. Relative, gitignore-style globs such
   * as "**\/node_modules" or "**\/*.min.js". Optional: a host without such settings omits it.
   */
  excludeGlobs?(): string[];
}

export interface Hunk {
  /** 1-based first line in the old text, and how many old lines it replaces. */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Unified-diff lines of this hunk (' ', '-', '+' prefixed). */
  lines: string[];
}

export interface EditProposal {
  toolUseId: string;
  toolName: string;
  absPath: string;
  /** sha256 of the content the edit was computed from; null when the file is new. */
  baseHash: string | null;
  oldContent: string | null;
  newContent: string;
  hunks: Hunk[];
  /** The bytes the file is written in (its current encoding); absent means UTF-8. */
  encoding?: FileEncoding;
}

export interface ProposalOutcome {
  status: 'applied' | 'partial' | 'rejected' | 'stale';
  /** Indexes into proposal.hunks. */
  acceptedHunks: number[];
  rejectedHunks: number[];
  comment?: string;
  /** The file's content after the review, when anything was applied. */
  finalContent?: string;
  /** Errors the editor's language services report for the file after the change (hosts that have them). */
  problems?: string;
}

export interface Proposals {
  /** Shows or applies one edit; resolves once the user (or the host's policy) has decided. */
  propose(proposal: EditProposal, signal: AbortSignal): Promise<ProposalOutcome>;
}

export interface ShellRunOptions {
  timeoutMs: number;
  signal: AbortSignal;
  onOutput?: (chunk: string) => void;
  /** When given, a command still running at its timeout (onTimeout) or when `request` fires moves to the background instead of being killed. */
  background?: ShellBackgroundHandoff;
}

/** How a running foreground command is handed to the session's background commands (Bash's default at its timeout). */
export interface ShellBackgroundHandoff {
  /** At the timeout: true moves the command to the background, false kills it. */
  onTimeout: boolean;
  /** Fires when the user asks to move the command now (the panel's "Move to background"). */
  request?: AbortSignal;
  /**
   * Takes over the command's process: the leader of its own process group, its output pipes still
   * open (what it writes from now on belongs to the background job), and the output so far.
   */
  adopt(child: ChildProcess, outputSoFar: string): { id: string; outputFile: string };
}

export interface ShellResult {
  exitCode: number | null;
  /** Combined stdout and stderr in arrival order. */
  output: string;
  timedOut: boolean;
  interrupted: boolean;
  /** cwd after the command (the shell is persistent). */
  cwd: string;
  /** Set when the command moved to the background (its timeout, or the user's request) and is still running there. */
  movedToBackground?: { id: string; outputFile: string; reason: 'timeout' | 'request' };
}

/** What the next command inherits from a persistent shell: where it starts and its exported environment. */
export interface ShellState {
  cwd: string;
  env: Readonly<Record<string, string>>;
  /** The environment the shell started with: what the user launched it with. */
  startEnv: Readonly<Record<string, string>>;
}

export interface Shell {
  run(command: string, options: ShellRunOptions): Promise<ShellResult>;
  /**
   * The state the next command starts from, for the permission engine. A shell without it is
   * judged as running in a folder nobody knows (relative paths and rule-allowed commands ask).
   */
  state?(): ShellState;
  /** Starts a command in the background; returns an id whose output can be read later. */
  runInBackground?(command: string): Promise<{ id: string; outputFile: string }>;
  dispose(): void;
}

export interface ApprovalRequest {
  toolUseId: string;
  toolName: string;
  input: unknown;
  /** What the user is asked about, in words (e.g. the command, or the file path). */
  summary: string;
  reason: string;
  /** Rules "Allow always" would add (e.g. `Bash(npm run test:*)`, `Edit(src/**)`); absent or empty when none could. */
  suggestions?: string[];
  /** Set when a sub-agent asks: its name (e.g. "Explore"), shown with the question. */
  agent?: string;
}

export interface ApprovalAnswer {
  decision: 'allow' | 'deny';
  /** Allow the same kind of call for the rest of the session (the request's suggestions, in memory). */
  remember?: boolean;
  /** Allow always: add this rule (usually one of the request's suggestions) to the allow list of that scope. */
  always?: { rule: string; scope: 'session' | 'local' | 'project' | 'user' };
  /** Why the user said no, passed to the model. */
  message?: string;
}

export interface Approver {
  ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
