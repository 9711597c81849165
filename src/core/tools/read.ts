// Read: Claude Code's file reader. Text comes back with line numbers, images as image blocks.
// Every read is recorded (hash and mtime), because Edit and Write only touch files the model has
// seen in their current state.
import * as path from 'node:path';
import { z } from 'zod';
import { decodeFile, ENCODING_NAMES } from '../edits/encoding';
import { contentHash, decodeText, numberLine, splitLines, toLf } from '../edits/text';
import type { Workspace } from '../ports';
import type { Tool, ToolResult } from './types';

const DEFAULT_LINE_LIMIT = 2000;
const MAX_LINE_CHARS = 2000;
/** Keeps one Read from flooding the context; the model is told where to continue. */
const MAX_OUTPUT_CHARS = 256 * 1024;
const BINARY_SNIFF_BYTES = 8192;
/** Anthropic's limit for one image is 5 MB of base64. */
const MAX_IMAGE_BASE64_CHARS = 5 * 1024 * 1024;

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

const BINARY_EXTENSIONS = new Set(
  (
    '.exe .dll .so .dylib .o .a .lib .obj .class .jar .war .pyc .pyo .wasm .bin .dat .db .sqlite .sqlite3 ' +
    '.zip .gz .tgz .bz2 .xz .7z .rar .tar .zst .br .iso .dmg .pkg .deb .rpm .msi .apk ' +
    '.bmp .ico .tif .tiff .psd .heic .avif .mp3 .mp4 .m4a .wav .flac .ogg .mov .avi .mkv .webm ' +
    '.pdf .doc .docx .xls .xlsx .ppt .pptx .odt .woff .woff2 .ttf .otf .eot .node'
  ).split(' '),
);

const input = z.object({
  file_path: z.string().describe('The absolute path to the file to read'),
  offset: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('First line to show (1-based); for files too long to read in one go'),
  limit: z.number().int().positive().optional().describe('How many lines to show from offset'),
});

export type ReadInput = z.infer<typeof input>;

export const readTool: Tool<ReadInput> = {
  name: 'Read',
  description: [
    'Shows the content of one file, each line prefixed with its number (1-based) and a tab.',
    '',
    '- file_path is absolute.',
    `- Without offset/limit you get the first ${DEFAULT_LINE_LIMIT} lines; use offset (a line number) and limit to page through longer files. Reading the whole file at once is usually best.`,
    `- A line over ${MAX_LINE_CHARS} characters is shortened, with a note.`,
    '- PNG, JPG, GIF and WEBP images come back as images you can look at; other binary files are refused.',
    '- Folders are not files: list them with LS.',
    '- Edit and Write only change files you have Read in this session.',
  ].join('\n'),
  input,
  readOnly: true,
  subject: (i, cwd) => ({ kind: 'read', path: path.resolve(cwd, i.file_path) }),
  async execute(i, ctx): Promise<ToolResult> {
    const notAbsolute = absolutePathError(i.file_path, ctx.cwd);
    if (notAbsolute) return notAbsolute;
    const file = path.normalize(i.file_path);
    const stat = await ctx.workspace.stat(file);
    if (!stat) return { content: await missingFileMessage(ctx.workspace, file, ctx.cwd), isError: true };
    if (stat.type === 'directory') return { content: `${file} is a directory, not a file. Use the LS tool to list its contents.`, isError: true };
    if (stat.type !== 'file') return { content: `${file} is not a regular file (a device, socket or pipe), so it cannot be read.`, isError: true };

    const ext = path.extname(file).toLowerCase();
    const mediaType = IMAGE_TYPES[ext];
    if (mediaType) {
      const bytes = await ctx.workspace.readFile(file);
      const data = Buffer.from(bytes).toString('base64');
      if (data.length > MAX_IMAGE_BASE64_CHARS) {
        return { content: `The image ${file} is too large to attach (${kb(stat.size)} KB; the limit is about 3,750 KB). Ask the user for a smaller version.`, isError: true };
      }
      // Recorded like a text read, so the model may replace an image it has looked at.
      ctx.session.readFiles.set(file, { hash: contentHash(decodeText(bytes)), mtimeMs: stat.mtimeMs });
      return { content: `Image file ${file} (${mediaType}, ${kb(stat.size)} KB).`, images: [{ mediaType, data }] };
    }
    if (BINARY_EXTENSIONS.has(ext)) return binaryError(file, ext);

    const bytes = await ctx.workspace.readFile(file);
    const { text, encoding } = decodeFile(bytes);
    // UTF-16 text is full of NUL bytes; in any other encoding they mean a binary file.
    const nul = encoding === 'utf16le' || encoding === 'utf16be' ? text.slice(0, BINARY_SNIFF_BYTES).includes('\0') : bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
    if (nul) return binaryError(file);
    ctx.session.readFiles.set(file, { hash: contentHash(text), mtimeMs: stat.mtimeMs });
    const content = formatLines(file, splitLines(toLf(text)), i.offset, i.limit);
    if (encoding === 'utf8') return { content };
    return { content: `${content}\n\n(This file is encoded as ${ENCODING_NAMES[encoding]}, not UTF-8. Edit and Write keep that encoding, so new text can only use characters it has.)` };
  },
};

function formatLines(file: string, lines: string[], offset: number | undefined, limit: number | undefined): string {
  if (lines.length === 0) return `The file ${file} exists but is empty.`;
  const start = Math.max(1, offset ?? 1);
  if (start > lines.length) {
    return `The file ${file} has ${lines.length} line(s), so offset ${start} is past its end. Call Read with a smaller offset.`;
  }
  const last = Math.min(lines.length, start + (limit ?? DEFAULT_LINE_LIMIT) - 1);
  const out: string[] = [];
  let size = 0;
  let shownEnd = start - 1;
  for (let n = start; n <= last; n++) {
    let line = lines[n - 1];
    if (line.length > MAX_LINE_CHARS) line = `${line.slice(0, MAX_LINE_CHARS)}… [line cut: ${line.length} characters in total]`;
    const numbered = numberLine(n, line);
    // Always show at least one line, or a single huge line would make no progress.
    if (out.length > 0 && size + numbered.length + 1 > MAX_OUTPUT_CHARS) break;
    out.push(numbered);
    size += numbered.length + 1;
    shownEnd = n;
  }
  let text = out.join('\n');
  if (shownEnd < lines.length) {
    const why = shownEnd < last ? ` (output stopped at ${Math.round(MAX_OUTPUT_CHARS / 1024)} KB)` : '';
    text += `\n\n(Showing lines ${start}-${shownEnd} of ${lines.length}${why}. To read on, call Read with offset ${shownEnd + 1}.)`;
  }
  return text;
}

function binaryError(file: string, ext?: string): ToolResult {
  const what = ext ? `a binary file (${ext})` : 'a binary file (it contains NUL bytes)';
  return { content: `Cannot read ${file}: it is ${what}. Read handles text files and images (png, jpg, gif, webp).`, isError: true };
}

const kb = (bytes: number) => Math.max(1, Math.round(bytes / 1024)).toLocaleString('en-US');

/** The error for a relative file_path, with the absolute path it probably meant. */
export function absolutePathError(filePath: string, cwd: string): ToolResult | undefined {
  if (path.isAbsolute(filePath)) return undefined;
  return {
    content: `file_path must be an absolute path, but got "${filePath}". Did you mean ${path.resolve(cwd, filePath)}?`,
    isError: true,
  };
}

/** "File does not exist", plus a similarly named file in the same folder when there is one. */
export async function missingFileMessage(workspace: Workspace, file: string, cwd: string): Promise<string> {
  const dir = path.dirname(file);
  const base = `File does not exist: ${file}. The current working directory is ${cwd}.`;
  const dirStat = await workspace.stat(dir).catch(() => undefined);
  if (dirStat?.type !== 'directory') return `${base} Its folder ${dir} does not exist either.`;
  const entries = await workspace.list(dir).catch(() => []);
  const similar = mostSimilarName(
    path.basename(file),
    entries.filter((e) => e.type === 'file').map((e) => e.name),
  );
  return similar ? `${base} Did you mean ${path.join(dir, similar)}?` : base;
}

/** Same name in another case, same stem with another extension, or a small typo. */
export function mostSimilarName(wanted: string, names: string[]): string | undefined {
  const w = wanted.toLowerCase();
  const stem = (n: string) => n.slice(0, n.length - path.extname(n).length).toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const name of names) {
    const n = name.toLowerCase();
    let score: number;
    if (n === w) score = 0;
    else if (stem(name) === stem(wanted) && stem(name) !== '') score = 1;
    else {
      const d = editDistance(n, w);
      if (d > Math.max(2, Math.floor(w.length / 4))) continue;
      score = 1 + d;
    }
    if (score < bestScore) {
      bestScore = score;
      best = name;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
