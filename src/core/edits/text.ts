// Text formats of files the agent edits. Models write LF and never a BOM; files on disk may use
// CRLF, start with a BOM or lack a final newline. Matching happens on a normalized (LF, no BOM)
// view, and whatever the agent produces is put back into the file's own format, so an edit never
// rewrites line endings or encoding the user did not ask about.
import { createHash } from 'node:crypto';
import { decodeFile } from './encoding';

export type Eol = '\n' | '\r\n';

export interface TextFormat {
  /** The file starts with a UTF-8 byte order mark. */
  bom: boolean;
  /** The dominant line ending (LF when the file has no line break at all). */
  eol: Eol;
  /** The last character (after any BOM) is a line break. */
  finalNewline: boolean;
}

export const BOM = '\uFEFF';

/**
 * Decodes file bytes in their detected encoding (see encoding.ts; UTF-8 for almost every file). A
 * BOM is kept as U+FEFF at the start of the string, so the string is the whole file (its hash
 * identifies the exact content) and encoding it back gives the same bytes.
 */
export function decodeText(bytes: Uint8Array): string {
  return decodeFile(bytes).text;
}

export function hasBom(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff;
}

export function stripBom(text: string): string {
  return hasBom(text) ? text.slice(1) : text;
}

/** CRLF when the file has more CRLF than lone LF line breaks; ties and no breaks give LF. */
export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function detectFormat(text: string): TextFormat {
  const body = stripBom(text);
  return { bom: hasBom(text), eol: detectEol(body), finalNewline: body.endsWith('\n') };
}

/** The view edits are matched against: no BOM, every CRLF turned into LF. */
export function toLf(text: string): string {
  return stripBom(text).replace(/\r\n/g, '\n');
}

export interface RestoreOptions {
  /** Also force the final newline state of `format` (Write leaves it to the model's content). */
  finalNewline?: boolean;
}

/** Puts LF text produced by the agent into a file's format (line endings, BOM, final newline). */
export function restoreFormat(lfText: string, format: TextFormat, options: RestoreOptions = {}): string {
  let body = stripBom(lfText).replace(/\r\n/g, '\n');
  if (options.finalNewline && body.length > 0) {
    if (format.finalNewline && !body.endsWith('\n')) body += '\n';
    if (!format.finalNewline) body = body.replace(/\n+$/, '');
  }
  if (format.eol === '\r\n') body = body.replace(/\n/g, '\r\n');
  return format.bom ? BOM + body : body;
}

/** sha256 (hex) of a file's full text; the identity of "the content the agent saw". */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Splits LF text into lines; a final newline does not produce an extra empty line. */
export function splitLines(lfText: string): string[] {
  if (lfText === '') return [];
  const lines = lfText.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The line number, a tab, the line (Claude Code's current Read format). Not `cat -n`'s six-wide
 * right-aligned number: its padding is five bytes a line that tell the model nothing, and every
 * later request carries them again.
 */
export function numberLine(lineNumber: number, line: string): string {
  return `${lineNumber}\t${line}`;
}
