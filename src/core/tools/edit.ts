// Edit: Claude Code's exact string replacement. The file must have been Read in this session and
// be unchanged since; the change becomes a proposal (the core never writes files itself). Also
// home to what Write and MultiEdit share: the read-before-write check and proposal submission.
import * as path from 'node:path';
import { z } from 'zod';
import { findEdit } from '../edits/match';
import { buildProposal, describeOutcome } from '../edits/proposal';
import { decodeFile, unencodable, unencodableMessage, type FileEncoding } from '../edits/encoding';
import { contentHash, stripBom } from '../edits/text';
import { absolutePathError, missingFileMessage } from './read';
import type { Tool, ToolContext, ToolResult } from './types';

const input = z.object({
  file_path: z.string().describe('The absolute path to the file to modify'),
  old_string: z.string().describe('The text to replace'),
  new_string: z.string().describe('The text to replace it with (must be different from old_string)'),
  replace_all: z.boolean().optional().describe('Replace all occurrences of old_string (default false)'),
});

export type EditInput = z.infer<typeof input>;

/** What Edit, MultiEdit and Write share: they change the file at file_path, which the permission engine checks as a write. */
export const writesFile = {
  readOnly: false,
  subject: (i: { file_path: string }, cwd: string) => ({ kind: 'write' as const, path: path.resolve(cwd, i.file_path) }),
};

export const editTool: Tool<EditInput> = {
  name: 'Edit',
  description: [
    'Replaces one exact piece of text in a file with another.',
    '',
    '- Read the file in this session first; if it changed since, Read it again.',
    '- old_string is copied from the file itself: keep its indentation and whitespace exactly, and leave out the line-number prefix Read adds.',
    '- old_string has to occur once. If it occurs more often, include more of the surrounding lines, or set replace_all to change every occurrence (renames).',
    '- If nothing matches, the file is left as it was and the result shows the most similar part of the file with line numbers.',
    '- The user reviews the change and may accept all, some or none of its hunks; the result tells you which.',
  ].join('\n'),
  input,
  ...writesFile,
  async execute(i, ctx): Promise<ToolResult> {
    const loaded = await loadTarget(ctx, i.file_path);
    if (!loaded.ok) return loaded.result;
    const { file } = loaded;

    if (loaded.content === null) {
      // As in Claude Code: an empty old_string on a missing file creates it.
      if (i.old_string === '') return submitProposal(ctx, 'Edit', file, null, i.new_string, loaded.encoding);
      return { content: `${await missingFileMessage(ctx.workspace, file, ctx.cwd)} To create a new file, use Write.`, isError: true };
    }
    if (i.old_string === '') {
      if (stripBom(loaded.content) !== '') return { content: fileExistsError(file), isError: true };
      if (i.new_string === '') return { content: 'old_string and new_string are both empty, so there is nothing to change.', isError: true };
      const bom = loaded.content === '' ? '' : '\uFEFF';
      return submitProposal(ctx, 'Edit', file, loaded.content, bom + i.new_string, loaded.encoding);
    }
    const found = findEdit(loaded.content, i.old_string, i.new_string, { replaceAll: i.replace_all ?? false });
    if (!found.ok) return { content: found.message, isError: true };
    return submitProposal(ctx, 'Edit', file, loaded.content, found.content, loaded.encoding);
  },
};

export function fileExistsError(file: string): string {
  return `Cannot create ${file}: the file already exists. Give the exact text to replace as old_string, or use Write to replace the whole file.`;
}

/** The file's text (null when it does not exist) and the encoding its bytes are in (UTF-8 for a new file). */
export type LoadResult = { ok: true; content: string | null; encoding: FileEncoding } | { ok: false; result: ToolResult };

/** The first steps of every file-changing tool: an absolute path, normalized, and its current text. */
export async function loadTarget(ctx: ToolContext, filePath: string): Promise<({ file: string } & Extract<LoadResult, { ok: true }>) | { ok: false; result: ToolResult }> {
  const notAbsolute = absolutePathError(filePath, ctx.cwd);
  if (notAbsolute) return { ok: false, result: notAbsolute };
  const file = path.normalize(filePath);
  const loaded = await loadForEdit(ctx, file);
  return loaded.ok ? { ...loaded, file } : loaded;
}

/**
 * The file's current text for an edit (null when it does not exist). An existing file must have
 * been Read (or written) in this session and still have the content seen then: editing a version
 * the model has not seen would overwrite someone else's change. The hash decides, not the mtime,
 * so a touched-but-identical file is fine and an editor buffer changed within the same mtime is not.
 */
export async function loadForEdit(ctx: ToolContext, file: string): Promise<LoadResult> {
  const stat = await ctx.workspace.stat(file);
  if (!stat) return { ok: true, content: null, encoding: 'utf8' };
  if (stat.type === 'directory') return error(`${file} is a directory, not a file.`);
  if (stat.type !== 'file') return error(`${file} is not a regular file, so it cannot be edited.`);
  const { text: content, encoding } = decodeFile(await ctx.workspace.readFile(file));
  const seen = ctx.session.readFiles.get(file);
  if (!seen) return error(`${file} was not read in this session: Read it first, then change it.`);
  if (seen.hash !== contentHash(content)) {
    return error(
      `File has been modified since it was read (by the user, a formatter or another program): ${file}. Read it again before editing it.`,
    );
  }
  return { ok: true, content, encoding };
}

const error = (content: string): LoadResult => ({ ok: false, result: { content, isError: true } });

/** Hands the edit to the host, records what the file now holds, and tells the model the outcome. */
export async function submitProposal(
  ctx: ToolContext,
  toolName: string,
  file: string,
  oldContent: string | null,
  newContent: string,
  encoding: FileEncoding = 'utf8',
): Promise<ToolResult> {
  // The file is written back in its own encoding; a character it cannot hold is refused, never
  // replaced (a replacement character would silently change the file).
  const bad = unencodable(newContent, encoding);
  if (bad !== undefined) {
    return {
      content: `Cannot change ${file}: ${unencodableMessage(bad, encoding)}. Nothing was changed. Use only characters the file's encoding has (or ask the user whether to convert the file to UTF-8).`,
      isError: true,
    };
  }
  const proposal = buildProposal({ toolUseId: ctx.toolUseId, toolName, absPath: file, oldContent, newContent, encoding });
  const outcome = await ctx.proposals.propose(proposal, ctx.signal);
  const landed = outcome.status === 'applied' || outcome.status === 'partial';
  if (landed && outcome.finalContent !== undefined) {
    const stat = await ctx.workspace.stat(file);
    ctx.session.readFiles.set(file, { hash: contentHash(outcome.finalContent), mtimeMs: stat?.mtimeMs ?? ctx.clock.now() });
  } else if (landed) {
    // The host did not say what the file holds now, so the model has to look before editing again.
    ctx.session.readFiles.delete(file);
  }
  return { content: describeOutcome(proposal, outcome), isError: outcome.status === 'rejected' || outcome.status === 'stale' };
}
