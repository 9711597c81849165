// Write: Claude Code's whole-file write. Creating a file needs no prior Read; overwriting one
// needs a Read of its current content, and keeps its line endings and BOM.
import { z } from 'zod';
import { detectFormat, restoreFormat } from '../edits/text';
import { loadTarget, submitProposal, writesFile } from './edit';
import type { Tool, ToolResult } from './types';

const input = z.object({
  file_path: z.string().describe('The absolute path to the file to write (must be absolute, not relative)'),
  content: z.string().describe('The content to write to the file'),
});

export type WriteInput = z.infer<typeof input>;

export const writeTool: Tool<WriteInput> = {
  name: 'Write',
  description: [
    'Creates a file with the given content, or replaces the whole content of an existing one.',
    '',
    '- file_path is absolute; missing parent folders are created.',
    '- An existing file must have been Read in this session, and not changed since; otherwise Read it first.',
    '- For changes to part of an existing file, Edit or MultiEdit are smaller and safer to review; use Write for new files and complete rewrites.',
    '- The user reviews the write and may accept or reject it; the result tells you which.',
  ].join('\n'),
  input,
  ...writesFile,
  async execute(i, ctx): Promise<ToolResult> {
    const loaded = await loadTarget(ctx, i.file_path);
    if (!loaded.ok) return loaded.result;
    const { file } = loaded;
    if (loaded.content === null) return submitProposal(ctx, 'Write', file, null, i.content);
    // An existing file keeps its encoding (and BOM and line endings) below.

    const old = loaded.content;
    const format = detectFormat(old);
    // A file without any line break says nothing about its line endings: keep the model's then.
    const eol = old.includes('\n') ? format.eol : i.content.includes('\r\n') ? '\r\n' : '\n';
    const newContent = restoreFormat(i.content, { ...format, eol });
    if (newContent === old) return { content: `${file} already has exactly this content; nothing was changed.` };
    return submitProposal(ctx, 'Write', file, old, newContent, loaded.encoding);
  },
};
