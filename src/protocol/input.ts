// What the chat input can carry besides plain text: @-mention tokens and slash commands. The webview
// writes the tokens into the text (the transcript shows it as typed); the host parses the same text
// on send and resolves each mention into context for the model. Pure, so both sides share it.

/** The mentions that are not a path: picked from the fixed items at the top of the picker. */
export const FIXED_MENTIONS = ['selection', 'problems', 'terminal', 'git'] as const;
export type FixedMention = (typeof FIXED_MENTIONS)[number];

export type Mention =
  /** A workspace file or folder, relative to the workspace folder (the host finds out which). */
  | { kind: 'path'; path: string }
  /** Lines of a file (1-based, inclusive), as selected in the editor when the mention was picked. */
  | { kind: 'selection'; path: string; startLine: number; endLine: number }
  | { kind: 'problems' }
  | { kind: 'terminal' }
  | { kind: 'git' };

/** One entry of the picker: what it shows and the token it inserts (without the @). */
export interface MentionItem {
  /** mcp-resource: a resource of a connected MCP server; its token is `server:uri` (Claude Code's form). */
  kind: 'file' | 'folder' | FixedMention | 'mcp-resource';
  label: string;
  token: string;
  /** A second line: the folder of a file, the range of a selection, what a fixed item attaches. */
  detail?: string;
}

/** The token for a path, quoted when it holds spaces or quotes cannot be read back otherwise. */
export function pathToken(path: string): string {
  return /[\s"]/.test(path) ? `"${path.replace(/"/g, '')}"` : path;
}

export function selectionToken(path: string, startLine: number, endLine: number): string {
  return `selection(${path}:${startLine === endLine ? startLine : `${startLine}-${endLine}`})`;
}

// A mention starts at the beginning, after whitespace or an opening bracket, so e-mail addresses are not mentions.
const TOKEN = /(^|[\s([{])@(?:selection\(([^)\n]+?):(\d+)(?:-(\d+))?\)|"([^"\n]+)"|(\S+))/g;

/** Sentence punctuation right after a mention is not part of the path ("see @src/a.ts."). */
function trimPunctuation(word: string): string {
  let w = word.replace(/[,;:!?'"\]}]+$/, '');
  if (!w.includes('(')) w = w.replace(/\)+$/, '');
  return w.replace(/\.+$/, '');
}

/** The mentions in a message, in order, each once. Words that merely start with @ are returned as paths; the host drops those that do not exist. */
export function parseMentions(text: string): Mention[] {
  const out: Mention[] = [];
  const seen = new Set<string>();
  const add = (m: Mention) => {
    const key = JSON.stringify(m);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m);
    }
  };
  for (const match of text.matchAll(TOKEN)) {
    const [, , selPath, start, end, quoted, bare] = match;
    if (selPath !== undefined) {
      const startLine = Number(start);
      const endLine = end === undefined ? startLine : Number(end);
      if (startLine >= 1 && endLine >= startLine) add({ kind: 'selection', path: selPath.trim(), startLine, endLine });
      continue;
    }
    const word = quoted ?? trimPunctuation(bare ?? '');
    if (!word) continue;
    if (quoted === undefined && (FIXED_MENTIONS as readonly string[]).includes(word) && word !== 'selection') {
      add({ kind: word as 'problems' | 'terminal' | 'git' });
    } else {
      add({ kind: 'path', path: word });
    }
  }
  return out;
}

/** Where the caret is inside an @-word being typed: the query after the @ and where the @ is. */
export function mentionAtCaret(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const m = /(^|[\s([{])@("[^"\n]*|[^\s@]*)$/.exec(before);
  if (!m) return undefined;
  const start = before.length - m[2].length - 1;
  return { start, query: m[2].replace(/^"/, '') };
}

/** The text with the @-word at `start` (up to the caret) replaced by the picked token and a space. */
export function insertMention(text: string, start: number, caret: number, token: string): { text: string; caret: number } {
  const inserted = `@${token} `;
  const after = text.slice(caret).replace(/^\S*/, '');
  const next = text.slice(0, start) + inserted + after.replace(/^ /, '');
  return { text: next, caret: start + inserted.length };
}

export interface SlashCommandInfo {
  name: string;
  description: string;
  /** What may follow the name, for the menu ("[model id]"). */
  args?: string;
}

export const SLASH_COMMANDS: readonly SlashCommandInfo[] = [
  { name: 'clear', description: 'Start a new chat (the current one stays in the session history)' },
  { name: 'resume', description: 'Resume an earlier chat of this workspace', args: '[session id]' },
  { name: 'model', description: 'Choose the model', args: '[model id]' },
  { name: 'permissions', description: 'View and edit the permission rules' },
  { name: 'init', description: 'Ask the agent to draft an AGENTS.md for this project' },
  { name: 'cost', description: 'Tokens used and cost of this chat so far' },
  { name: 'compact', description: 'Compact the conversation (summarise it) to free context', args: '[instructions]' },
  { name: 'context', description: 'What the model\'s context holds: size and session memory' },
  { name: 'mcp', description: 'MCP servers: status, tools and their token cost' },
  { name: 'memory', description: 'Open a memory file: CLAUDE.md, CLAUDE.local.md, AGENTS.md, rules and their imports' },
  { name: 'status', description: 'Model, permission mode, settings files, MCP servers and memory files in use' },
  { name: 'help', description: 'Commands and keys' },
] as const;

export const SLASH_NAMES = ['clear', 'resume', 'model', 'permissions', 'init', 'cost', 'compact', 'context', 'mcp', 'memory', 'status', 'help'] as const;
export type SlashName = (typeof SLASH_NAMES)[number];

/** A known command at the start of the text ("/model gpt-4o"), or undefined (then the text is a message). */
export function parseSlashCommand(text: string): { name: SlashName; args: string } | undefined {
  const m = /^\/([a-z]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m || !(SLASH_NAMES as readonly string[]).includes(m[1])) return undefined;
  return { name: m[1] as SlashName, args: (m[2] ?? '').trim() };
}
