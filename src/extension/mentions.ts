// The host side of @-mentions: the picker's candidates (workspace files and folders, honouring
// files.exclude and search.exclude, plus the fixed items) and, on send, each mention resolved into a
// <context> section the model reads after the user's text. Everything resolved is untrusted text
// and goes through the same sanitizer as tool output.
import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContentBlock } from '../core/llm/types';
import type { ImageAttachment } from '../protocol/messages';
import { sanitizeForModel } from '../core/security/unicode';
import { fuzzyRank } from '../protocol/fuzzy';
import { parseMentions, pathToken, selectionToken } from '../protocol/input';
import type { Mention, MentionItem } from '../protocol/input';
import { selectedLines } from './host/selection';
import type { LastTerminalCommand } from './host/terminalShell';
import { t } from './l10n';
import { runGit } from '../core/git/safeGit';
import type { McpMentionSource } from './mcp/resourceMentions';

/** Workspace files listed for the picker at most (a huge repository is cut, not walked whole). */
const MAX_LISTED_FILES = 20_000;
/** How long a file listing is reused when no watcher event said it changed. */
const LISTING_TTL_MS = 30_000;
export const MAX_RESULTS = 50;
const MAX_FILE_CHARS = 100_000;
/** Bytes read of one file at most (the characters cap applies after decoding). */
const MAX_FILE_BYTES = 2_000_000;
const MAX_FOLDER_ENTRIES = 500;
const MAX_PROBLEMS = 200;
const MAX_TERMINAL_CHARS = 20_000;
const MAX_GIT_CHARS = 20_000;
/** All resolved context of one message together; later mentions past it get a note instead. */
const MAX_TOTAL_CHARS = 400_000;
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

interface Entry {
  rel: string;
  folder: boolean;
}

export interface ResolvedMentions {
  /** The sections for the model, in the order the mentions appear. */
  blocks: ContentBlock[];
  /** What could not be attached, in words for a notice ("@x: no such file or folder in the workspace"). */
  problems: string[];
}

export class MentionProvider implements vscode.Disposable {
  private listing: { entries: Entry[]; at: number } | undefined;
  /** The editor the user last worked in: the webview having the focus must not lose the selection. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly lastTerminalCommand: () => LastTerminalCommand | undefined,
    /** The window's MCP resources: listed in the picker; their `@server:uri` mentions are the core's to attach. */
    private readonly mcp?: McpMentionSource,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const invalidate = () => (this.listing = undefined);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      vscode.workspace.onDidChangeWorkspaceFolders(invalidate),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) invalidate();
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) this.lastEditor = e;
      }),
    );
  }

  /** The picker's items for what follows the @: fixed items first, then the best-matching paths. */
  async query(query: string): Promise<MentionItem[]> {
    const fixed = this.fixedItems();
    const fixedHits = query === '' ? fixed : fuzzyRank(query, fixed, (i) => i.label).map((r) => r.item);
    const entries = await this.entries();
    let paths: Entry[];
    if (query === '') {
      // Nothing typed yet: the files open in editors, then the top level of the workspace.
      const open = new Set(vscode.window.visibleTextEditors.map((e) => this.relative(e.document.uri)));
      paths = [...entries.filter((e) => !e.folder && open.has(e.rel)), ...entries.filter((e) => !e.rel.includes('/') || (e.folder && e.rel.split('/').length === 2))];
    } else {
      paths = fuzzyRank(query, entries, (e) => e.rel, MAX_RESULTS).map((r) => r.item);
    }
    const seen = new Set<string>();
    const items: MentionItem[] = [...fixedHits, ...(this.mcp?.items(query, MAX_RESULTS) ?? [])];
    for (const e of paths) {
      if (seen.has(e.rel) || items.length >= MAX_RESULTS) continue;
      seen.add(e.rel);
      const bare = e.folder ? e.rel.slice(0, -1) : e.rel;
      const dir = path.posix.dirname(bare);
      items.push({ kind: e.folder ? 'folder' : 'file', label: path.posix.basename(bare) + (e.folder ? '/' : ''), token: pathToken(e.rel), ...(dir !== '.' ? { detail: dir } : {}) });
    }
    return items.slice(0, MAX_RESULTS);
  }

  private fixedItems(): MentionItem[] {
    const items: MentionItem[] = [];
    const sel = this.currentSelection();
    if (sel) items.push({ kind: 'selection', label: 'selection', token: selectionToken(sel.path, sel.startLine, sel.endLine), detail: `${sel.path}:${sel.startLine}-${sel.endLine}` });
    const problems = vscode.languages.getDiagnostics().reduce((n, [, d]) => n + d.length, 0);
    items.push({ kind: 'problems', label: 'problems', token: 'problems', detail: t('{0} in the Problems panel', problems) });
    const last = this.lastTerminalCommand();
    items.push({ kind: 'terminal', label: 'terminal', token: 'terminal', detail: last ? t('output of: {0}', last.command.split('\n')[0].slice(0, 80)) : t('no command run in this chat yet') });
    items.push({ kind: 'git', label: 'git changes', token: 'git', detail: t('git status and diff --stat') });
    return items;
  }

  /** The selection of the editor the user last worked in, when it is not empty. */
  private currentSelection(): { path: string; startLine: number; endLine: number } | undefined {
    const editor = vscode.window.activeTextEditor ?? this.lastEditor;
    if (!editor || editor.selection.isEmpty || editor.document.isClosed || !vscode.window.visibleTextEditors.includes(editor)) return undefined;
    const { start, end } = selectedLines(editor.selection);
    return { path: this.docPath(editor.document), startLine: start + 1, endLine: end + 1 };
  }

  private docPath(doc: vscode.TextDocument): string {
    return doc.isUntitled ? doc.uri.path : vscode.workspace.asRelativePath(doc.uri, false);
  }

  private relative(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  }

  /** Workspace files and the folders that hold them, relative, '/'-separated; folders end with '/'. */
  private async entries(): Promise<Entry[]> {
    if (this.listing && Date.now() - this.listing.at < LISTING_TTL_MS) return this.listing.entries;
    // files.exclude applies by default; search.exclude (node_modules, ...) is added here.
    const searchExclude = vscode.workspace.getConfiguration('search').get<Record<string, unknown>>('exclude') ?? {};
    const globs = Object.entries(searchExclude).filter(([g, on]) => on === true && g.trim() && !/[{}]/.test(g)).map(([g]) => g);
    const uris = await vscode.workspace.findFiles('**/*', globs.length ? `{${globs.join(',')}}` : undefined, MAX_LISTED_FILES);
    const files = uris.map((u) => this.relative(u)).sort();
    const folders = new Set<string>();
    for (const f of files) {
      const parts = f.split('/');
      for (let i = 1; i < parts.length; i++) folders.add(`${parts.slice(0, i).join('/')}/`);
    }
    const entries = [...[...folders].map((rel) => ({ rel, folder: true })), ...files.map((rel) => ({ rel, folder: false }))];
    this.listing = { entries, at: Date.now() };
    return entries;
  }

  /** Every mention in the text resolved into context for the model. */
  async resolve(text: string): Promise<ResolvedMentions> {
    const blocks: ContentBlock[] = [];
    const problems: string[] = [];
    let total = 0;
    for (const m of parseMentions(text)) {
      // `@server:uri` of an MCP server: the core reads and attaches it (McpSession.prepare).
      if (m.kind === 'path' && this.mcp?.owns(m.path)) continue;
      let resolved: ContentBlock | string;
      try {
        resolved = await this.resolveOne(m);
      } catch (err) {
        resolved = t('could not be read ({0})', (err as Error).message);
      }
      if (typeof resolved === 'string') {
        problems.push(`${describe(m)}: ${resolved}`);
        continue;
      }
      const size = resolved.type === 'text' ? resolved.text.length : 0;
      if (total + size > MAX_TOTAL_CHARS) {
        problems.push(`${describe(m)}: ${t('not attached, the message already carries {0} characters of context', total.toLocaleString('en-US'))}`);
        continue;
      }
      total += size;
      blocks.push(resolved);
    }
    return { blocks, problems };
  }

  /** A block, or why there is none. */
  private async resolveOne(m: Mention): Promise<ContentBlock | string> {
    switch (m.kind) {
      case 'path':
        return this.resolvePath(m.path);
      case 'selection':
        return this.resolveSelection(m.path, m.startLine, m.endLine);
      case 'problems':
        return section({ type: 'problems' }, problemsText(), 'the Problems list');
      case 'terminal': {
        const last = this.lastTerminalCommand();
        const body = last ? terminalText(last) : 'No command has run in the Tandem terminal in this chat yet.';
        return section({ type: 'terminal' }, body, 'the terminal output');
      }
      case 'git':
        return section({ type: 'git' }, await gitText(), 'the git status');
    }
  }

  private async resolvePath(rel: string): Promise<ContentBlock | string> {
    const abs = this.locate(rel);
    if (!abs) return t('no such file or folder in the workspace');
    const shown = rel.replace(/\/+$/, '');
    const stat = await fs.stat(abs);
    if (stat.isDirectory()) {
      const entries = (await fs.readdir(abs, { withFileTypes: true })).filter((e) => e.name !== '.git').sort((a, b) => a.name.localeCompare(b.name));
      const lines = entries.slice(0, MAX_FOLDER_ENTRIES).map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
      if (entries.length > MAX_FOLDER_ENTRIES) lines.push(`… and ${entries.length - MAX_FOLDER_ENTRIES} more entries`);
      return section({ type: 'folder', path: `${shown}/` }, lines.length ? lines.join('\n') : '(empty folder)', `the listing of ${shown}`);
    }
    const image = IMAGE_TYPES[path.extname(abs).toLowerCase()];
    if (image) {
      if (stat.size > MAX_IMAGE_BYTES) return t('not attached, the image is {0} MB (at most 5 MB)', (stat.size / 1048576).toFixed(1));
      return { type: 'image', mediaType: image, data: (await fs.readFile(abs)).toString('base64') };
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === abs);
    let content: string;
    if (open) {
      content = open.getText();
    } else {
      const handle = await fs.open(abs, 'r');
      try {
        const buf = Buffer.alloc(Math.min(stat.size, MAX_FILE_BYTES));
        const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
        if (buf.subarray(0, Math.min(bytesRead, 8000)).includes(0)) return t('not attached, it is a binary file');
        content = buf.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
    }
    const cut = content.length > MAX_FILE_CHARS || stat.size > MAX_FILE_BYTES;
    const body = cut ? `${content.slice(0, MAX_FILE_CHARS)}\n[Cut: only the first ${Math.min(content.length, MAX_FILE_CHARS).toLocaleString('en-US')} characters are attached; Read the file for the rest.]` : content;
    return section({ type: 'file', path: shown }, body, `the mentioned file ${shown}`);
  }

  private async resolveSelection(p: string, startLine: number, endLine: number): Promise<ContentBlock | string> {
    // The document as open in the editor (unsaved changes and untitled files included), else the file.
    let doc = vscode.workspace.textDocuments.find((d) => !d.isClosed && [this.docPath(d), this.relative(d.uri), d.uri.fsPath, d.uri.path].includes(p));
    if (!doc) {
      const abs = this.locate(p);
      if (!abs) return t('no such file in the workspace');
      doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs));
    }
    if (startLine > doc.lineCount) return doc.lineCount === 1 ? t('the file has only 1 line') : t('the file has only {0} lines', doc.lineCount);
    const last = Math.min(endLine, doc.lineCount) - 1;
    const text = doc.getText(new vscode.Range(startLine - 1, 0, last, doc.lineAt(last).text.length));
    const body = text.length > MAX_FILE_CHARS ? `${text.slice(0, MAX_FILE_CHARS)}\n[Cut at ${MAX_FILE_CHARS.toLocaleString('en-US')} characters; Read the file for the rest.]` : text;
    return section({ type: 'selection', path: p, lines: `${startLine}-${last + 1}`, language: doc.languageId }, body, `the selection in ${p}`);
  }

  /** The absolute path of a workspace-relative (or absolute) path, only when it exists inside a workspace folder. */
  private locate(p: string): string | undefined {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const clean = p.replace(/\/+$/, '');
    const candidates: string[] = [];
    if (path.isAbsolute(clean)) {
      candidates.push(clean);
    } else {
      const [first, ...rest] = clean.split('/');
      if (folders.length > 1 && rest.length) for (const f of folders) if (f.name === first) candidates.push(path.join(f.uri.fsPath, ...rest));
      for (const f of folders) candidates.push(path.join(f.uri.fsPath, clean));
    }
    const roots = folders.map((f) => realOr(f.uri.fsPath));
    for (const c of candidates) {
      let real: string;
      try {
        real = realpathSync.native(c);
      } catch {
        continue;
      }
      // A mention never reaches outside the workspace folders (a symlink out of them included).
      if (roots.some((r) => isInside(r, real))) return real;
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function realOr(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

function describe(m: Mention): string {
  switch (m.kind) {
    case 'path':
      return `@${m.path}`;
    case 'selection':
      return `@${selectionToken(m.path, m.startLine, m.endLine)}`;
    default:
      return `@${m.kind}`;
  }
}

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One <context> section: attributes say what it is, the body is sanitized untrusted text. */
function section(attrs: Record<string, string>, body: string, source: string): ContentBlock {
  const head = Object.entries(attrs).map(([k, v]) => `${k}="${attr(v)}"`).join(' ');
  return { type: 'text', text: `<context ${head}>\n${sanitizeForModel(body, source)}\n</context>` };
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

function problemsText(): string {
  const all = vscode.languages
    .getDiagnostics()
    .flatMap(([uri, diags]) => diags.map((d) => ({ uri, d })))
    .sort((a, b) => a.d.severity - b.d.severity);
  if (all.length === 0) return 'VS Code reports no problems.';
  const lines = all.slice(0, MAX_PROBLEMS).map(({ uri, d }) => {
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    const source = [d.source, code].filter((x) => x !== undefined && x !== '').join(' ');
    return `${vscode.workspace.asRelativePath(uri, false)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY[d.severity]}: ${d.message}${source ? ` [${source}]` : ''}`;
  });
  if (all.length > MAX_PROBLEMS) lines.push(`… and ${all.length - MAX_PROBLEMS} more`);
  return lines.join('\n');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

function terminalText(last: LastTerminalCommand): string {
  const output = last.output.replace(ANSI, '').replace(/\r\n?/g, '\n');
  const shown = output.length > MAX_TERMINAL_CHARS ? `[… earlier output left out]\n${output.slice(-MAX_TERMINAL_CHARS)}` : output;
  const status = last.running
    ? '[still running]'
    : last.timedOut
      ? '[timed out]'
      : last.interrupted
        ? '[interrupted]'
        : `[exit code ${last.exitCode === null ? 'none (killed by a signal)' : last.exitCode}]`;
  return `$ ${last.command}\n${shown}${shown.endsWith('\n') || !shown ? '' : '\n'}${status}`;
}

/** Through runGit: the repository's configuration cannot make this run anything. */
async function git(args: string[], cwd: string): Promise<string> {
  const r = await runGit(cwd, args, { timeoutMs: 10_000, maxBuffer: 4_000_000 });
  if (r.code !== 0) throw new Error(r.stderr.trim() || `git ${args[0]} failed`);
  return r.stdout.toString('utf8');
}

async function gitText(): Promise<string> {
  const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  if (!root) return 'No folder is open, so there is no git repository to report on.';
  try {
    const [status, unstaged, staged] = await Promise.all([
      git(['status', '--porcelain', '--branch'], root),
      git(['diff', '--stat'], root),
      git(['diff', '--cached', '--stat'], root),
    ]);
    const text = [`$ git status --porcelain --branch\n${status.trimEnd() || '(clean)'}`, `$ git diff --stat\n${unstaged.trimEnd() || '(no unstaged changes)'}`, `$ git diff --cached --stat\n${staged.trimEnd() || '(nothing staged)'}`].join('\n\n');
    return text.length > MAX_GIT_CHARS ? `${text.slice(0, MAX_GIT_CHARS)}\n[Cut at ${MAX_GIT_CHARS.toLocaleString('en-US')} characters.]` : text;
  } catch (err) {
    return `git could not report on ${root}: ${(err as Error).message}`;
  }
}

/**
 * What goes to the model after the user's text: each mention resolved into a <context> section,
 * then the pasted images. What could not be attached is reported, never silently dropped.
 */
export async function attachmentsFor(
  mentions: Pick<MentionProvider, 'resolve'>,
  text: string,
  images: ImageAttachment[],
  report: (level: 'info' | 'error', message: string) => void,
): Promise<ContentBlock[]> {
  let context: ContentBlock[] = [];
  try {
    const resolved = await mentions.resolve(text);
    context = resolved.blocks;
    if (resolved.problems.length) report('info', t('Not attached: {0}.', resolved.problems.join('; ')));
  } catch (err) {
    report('error', t('The mentions could not be attached: {0}', String(err)));
  }
  return [...context, ...images.map((img): ContentBlock => ({ type: 'image', mediaType: img.mediaType, data: img.data }))];
}
