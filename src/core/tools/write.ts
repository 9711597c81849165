// Write: Claude Code's whole-file write. Creating a file needs no prior Read; overwriting one
// needs a Read of its current content, and keeps its line endings and BOM.
import * as path from 'node:path';
import { z } from 'zod';
import { detectFormat, restoreFormat } from '../edits/text';
import { loadForEdit, submitProposal } from './edit';
import { absolutePathError } from './read';
import type { Tool, ToolResult } from './types';

const input = z.object({
  file_path: z.string().describe('The absolute path to the file to write (must be absolute, not relative)'),
  content: z.string().describe('The content to write to the file'),
});

export type WriteInput = z.infer<typeof input>;

export const writeTool: Tool<WriteInput> = {
  name: 'Write',
  description: [
    'Writes a file to the local filesystem.',
    '',
    'Usage:',
    '- This tool will overwrite the existing file if there is one at the provided path.',
    "- If this is an existing file, you MUST use the Read tool first to read the file's contents. This tool will fail if you did not read the file first.",
    '- ALWAYS prefer editing existing files in the codebase. NEVER write new files unless explicitly required.',
    '- The write is shown to the user, who may accept or reject it; the result says which.',
  ].join('\n'),
  input,
  readOnly: false,
  subject: (i, cwd) => ({ kind: 'write', path: path.resolve(cwd, i.file_path) }),
  async execute(i, ctx): Promise<ToolResult> {
    const notAbsolute = absolutePathError(i.file_path, ctx.cwd);
    if (notAbsolute) return notAbsolute;
    const file = path.normalize(i.file_path);
    const loaded = await loadForEdit(ctx, file);
    if (!loaded.ok) return loaded.result;
    if (loaded.content === null) return submitProposal(ctx, 'Write', file, null, i.content);

    const old = loaded.content;
    const format = detectFormat(old);
    // A file without any line break says nothing about its line endings: keep the model's then.
    const eol = old.includes('\n') ? format.eol : i.content.includes('\r\n') ? '\r\n' : '\n';
    const newContent = restoreFormat(i.content, { ...format, eol });
    if (newContent === old) return { content: `${file} already has exactly this content; nothing was changed.` };
    return submitProposal(ctx, 'Write', file, old, newContent);
  },
};
