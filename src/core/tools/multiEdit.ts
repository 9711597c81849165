// MultiEdit: several Edits to one file, applied in order to the text in memory, all or nothing,
// then shown to the user as one proposal.
import { z } from 'zod';
import { findEdit } from '../edits/match';
import { stripBom } from '../edits/text';
import { fileExistsError, loadTarget, submitProposal, writesFile } from './edit';
import { missingFileMessage } from './read';
import type { Tool, ToolResult } from './types';

const edit = z.object({
  old_string: z.string().describe('The text to replace'),
  new_string: z.string().describe('The text to replace it with'),
  replace_all: z.boolean().optional().describe('Replace all occurrences of old_string (default false).'),
});

const input = z.object({
  file_path: z.string().describe('The absolute path to the file to modify'),
  edits: z.array(edit).min(1).describe('Array of edit operations to perform sequentially on the file'),
});

export type MultiEditInput = z.infer<typeof input>;

export const multiEditTool: Tool<MultiEditInput> = {
  name: 'MultiEdit',
  description: [
    'Makes multiple edits to a single file in one operation. Prefer it over Edit when you need several changes to the same file.',
    '',
    '- Each edit is an exact string replacement with the same rules as the Edit tool (read the file first; old_string must match exactly and be unique unless replace_all is true).',
    '- Edits are applied in sequence, each to the result of the previous one; plan them so an earlier edit does not change the text a later one looks for.',
    '- All edits are applied or none is: if any fails, the file is left unchanged and the error says which edit failed.',
    '- To create a new file, give an empty old_string in the first edit and the file content as its new_string.',
  ].join('\n'),
  input,
  ...writesFile,
  async execute(i, ctx): Promise<ToolResult> {
    const loaded = await loadTarget(ctx, i.file_path);
    if (!loaded.ok) return loaded.result;
    const { file } = loaded;

    const total = i.edits.length;
    let content: string;
    let first = 0;
    if (loaded.content === null) {
      if (i.edits[0].old_string !== '') {
        return { content: `${await missingFileMessage(ctx.workspace, file, ctx.cwd)} To create it, give an empty old_string in the first edit.`, isError: true };
      }
      content = i.edits[0].new_string;
      first = 1;
    } else {
      if (i.edits[0].old_string === '' && stripBom(loaded.content) !== '') return { content: `Edit 1 of ${total} failed: ${fileExistsError(file)}`, isError: true };
      content = loaded.content;
    }

    for (let n = first; n < total; n++) {
      const e = i.edits[n];
      const found = findEdit(content, e.old_string, e.new_string, { replaceAll: e.replace_all ?? false });
      if (!found.ok) {
        const where = n > 0 ? ` Line numbers refer to the text after edits 1-${n}.` : '';
        return {
          content: `Edit ${n + 1} of ${total} failed: ${found.message}${where}\nNone of the ${total} edits was applied; the file is unchanged.`,
          isError: true,
        };
      }
      content = found.content;
    }
    if (content === loaded.content) return { content: `Together the ${total} edits leave ${file} unchanged, so nothing was proposed.`, isError: true };
    return submitProposal(ctx, 'MultiEdit', file, loaded.content, content, loaded.encoding);
  },
};
