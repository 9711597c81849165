// BashOutput (Claude Code's, later named TaskOutput) and KillShell (later TaskStop): read what a
// background command wrote since the last read, and stop one. Commands start with Bash
// run_in_background; ctx.services.background keeps them.
import { z } from 'zod';
import type { BackgroundJobInfo } from './types';
import type { Tool, ToolContext, ToolResult } from './types';

const id = z.string().min(1);
const pick = (i: { bash_id?: string; task_id?: string; shell_id?: string }) => i.bash_id ?? i.task_id ?? i.shell_id ?? '';
const oneId = (i: { bash_id?: string; task_id?: string; shell_id?: string }) => pick(i) !== '';

const outputInput = z
  .object({
    bash_id: id.optional().describe('The id of the background command (from Bash with run_in_background)'),
    task_id: id.optional().describe('Same as bash_id (TaskOutput\'s name for it)'),
    filter: z.string().optional().describe('Optional regular expression: only output lines matching it are returned (the others are still consumed)'),
  })
  .refine(oneId, { message: 'bash_id is required' });

const killInput = z
  .object({
    shell_id: id.optional().describe('The id of the background command to stop'),
    task_id: id.optional().describe('Same as shell_id (TaskStop\'s name for it)'),
    bash_id: id.optional(),
  })
  .refine(oneId, { message: 'shell_id is required' });

function status(job: BackgroundJobInfo): string {
  return job.running ? 'running' : `exited with code ${job.exitCode ?? 'unknown (killed by a signal)'}`;
}

function unavailable(ctx: ToolContext): ToolResult | undefined {
  return ctx.services?.background ? undefined : { content: 'Background commands are not available here.', isError: true };
}

export const bashOutputTool: Tool<z.infer<typeof outputInput>> = {
  name: 'BashOutput',
  description: 'Returns the output a background command (started with Bash run_in_background) wrote since the last time it was read, and whether it is still running. Optional filter: a regular expression; only matching lines are shown.',
  input: outputInput,
  readOnly: true,
  subject: () => ({ kind: 'none' }),
  async execute(i, ctx) {
    const none = unavailable(ctx);
    if (none) return none;
    let filter: RegExp | undefined;
    try {
      filter = i.filter ? new RegExp(i.filter) : undefined;
    } catch (err) {
      return { content: `Invalid filter: ${(err as Error).message}`, isError: true };
    }
    const r = ctx.services!.background!.read(pick(i), filter);
    if (!r) return { content: `No background command with id ${pick(i)}. Running ones: ${ctx.services!.background!.list().filter((j) => j.running).map((j) => j.id).join(', ') || 'none'}.`, isError: true };
    const body = r.text === '' ? '(no new output)' : r.text;
    return { content: `<status>${status(r.info)}</status>\n<output>\n${body}\n</output>${r.capped ? '\n(Output reached its size cap; later output is not kept.)' : ''}\nFull output file: ${r.info.outputFile}` };
  },
};

export const killShellTool: Tool<z.infer<typeof killInput>> = {
  name: 'KillShell',
  description: 'Stops a background command (started with Bash run_in_background) and every process it started.',
  input: killInput,
  // It only stops what this session started: no write permission, and fine in plan mode.
  readOnly: true,
  subject: () => ({ kind: 'none' }),
  async execute(i, ctx) {
    const none = unavailable(ctx);
    if (none) return none;
    const bg = ctx.services!.background!;
    const target = pick(i);
    const job = bg.list().find((j) => j.id === target);
    if (!job) return { content: `No background command with id ${target}.`, isError: true };
    if (!(await bg.kill(target))) return { content: `Background command ${target} had already ${status(job)}.` };
    return { content: `Stopped background command ${target} (${job.command}).` };
  },
};
