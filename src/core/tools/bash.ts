// Bash: runs a command in the session's persistent shell (ctx.shell), Claude Code's tool of the same name.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { ShellResult } from '../ports';
import { ensurePrivateDir } from '../shell/scratch';
import type { Tool, ToolContext, ToolResult } from './types';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const MAX_TIMEOUT_MS = 600_000;
/** What the model sees of one command's output; the rest goes to a file it can Read. */
export const MAX_OUTPUT_CHARS = 30_000;

const input = z.object({
  command: z.string().min(1).describe('The command to execute'),
  description: z
    .string()
    .optional()
    .describe('A few words on what the command is for, shown to the user (e.g. "Run the unit tests")'),
  timeout: z
    .number()
    .int()
    .positive()
    .max(MAX_TIMEOUT_MS)
    .optional()
    .describe(`Optional timeout in milliseconds (max ${MAX_TIMEOUT_MS})`),
  run_in_background: z
    .boolean()
    .optional()
    .describe('Set to true to run this command in the background; the result gives an id for BashOutput and KillShell.'),
});

type BashInput = z.infer<typeof input>;

const description = `Runs a command in bash, in a shell session that lasts for the whole conversation.

- The working directory and exported environment variables persist between commands (\`cd\` and \`export\` carry over); shell options, aliases and functions do not.
- Always quote file paths that contain spaces with double quotes.
- Prefer the Glob, Grep, Read and LS tools over find, grep, cat, head, tail and ls.
- stdin is empty: interactive commands get no input, so use their non-interactive flags (git commit -m, npm init -y).
- The default timeout is ${DEFAULT_TIMEOUT_MS / 1000} s and the maximum ${MAX_TIMEOUT_MS / 1000} s; a command still running at its timeout moves to the background (the result gives its id for BashOutput and KillShell; its cd and export do not carry over), or is killed where background commands are not available.
- Output (stdout and stderr together) longer than ${MAX_OUTPUT_CHARS} characters is cut in the middle; the full output is saved to a file whose path is given.
- Chain dependent commands with && and independent ones with ;. Do not use newlines to separate commands (newlines are fine inside quoted strings).
- Use run_in_background for servers and other long-running commands; the result gives an id and the file the output is written to.`;

export const bashTool: Tool<BashInput> = {
  name: 'Bash',
  description,
  input,
  readOnly: false,
  subject: (i) => ({ kind: 'command', command: i.command }),
  async execute(i, ctx) {
    if (i.run_in_background) return startInBackground(i.command, ctx);
    const timeoutMs = i.timeout ?? DEFAULT_TIMEOUT_MS;
    // A command still running at its timeout moves to the background instead of being killed, as
    // Claude Code does ("Command did not complete within its timeout and was moved to the
    // background"): a slow build or a server the model started in the foreground keeps its work,
    // and the model gets an id to read it with BashOutput or stop it with KillShell. The user can
    // also move it earlier (the panel's "Move to background" on the running command's card).
    // Without background commands (a host that has none) the timeout kills it.
    const background = ctx.services?.background;
    const movable = background && ctx.toolUseId ? background.watchForeground(ctx.toolUseId) : undefined;
    let result: ShellResult;
    try {
      result = await ctx.shell.run(i.command, {
        timeoutMs,
        signal: ctx.signal,
        onOutput: ctx.onProgress && ((chunk) => ctx.onProgress?.(chunk)),
        ...(background
          ? {
              background: {
                onTimeout: true,
                request: movable?.signal,
                adopt: (child, outputSoFar) => background.adopt(child, { command: i.command, owner: ctx.services?.agentName ?? 'main', initialOutput: outputSoFar }),
              },
            }
          : {}),
      });
    } catch (err) {
      return { content: `Could not run the command: ${(err as Error).message}`, isError: true };
    } finally {
      movable?.release();
    }
    if (result.movedToBackground) return movedResult(result, timeoutMs, ctx);
    return formatResult(result, timeoutMs, ctx);
  },
};

async function startInBackground(command: string, ctx: ToolContext): Promise<ToolResult> {
  const background = ctx.services?.background;
  if (background) {
    try {
      const job = await background.start(command, ctx.services?.agentName ?? 'main');
      return {
        content:
          `Command running in the background with id ${job.id}.\n` +
          `Read its new output with BashOutput (bash_id "${job.id}"), stop it with KillShell; the full output is written to ${job.outputFile}.`,
      };
    } catch (err) {
      return { content: `Could not start the command in the background: ${(err as Error).message}`, isError: true };
    }
  }
  if (!ctx.shell.runInBackground) {
    return { content: 'This host cannot run commands in the background; run it without run_in_background.', isError: true };
  }
  try {
    const { id, outputFile } = await ctx.shell.runInBackground(command);
    return {
      content:
        `Command running in the background with id ${id}.\n` +
        `Its output (stdout and stderr) is being written to ${outputFile}; Read that file to check on it.`,
    };
  } catch (err) {
    return { content: `Could not start the command in the background: ${(err as Error).message}`, isError: true };
  }
}

function movedResult(result: ShellResult, timeoutMs: number, ctx: ToolContext): ToolResult {
  const moved = result.movedToBackground!;
  const why =
    moved.reason === 'timeout'
      ? `it was still running at its ${seconds(timeoutMs)} s timeout, so it was not stopped`
      : 'the user moved it there while it ran';
  const full = result.output.replace(/\n$/, '');
  const { text, cut } = elideMiddle(full, MAX_OUTPUT_CHARS);
  return {
    content:
      `Command moved to the background with id ${moved.id} (${why}). It is still running.\n` +
      `Read its new output with BashOutput (bash_id "${moved.id}"), stop it with KillShell; its full output is written to ${moved.outputFile}.\n` +
      `Output so far${cut > 0 ? ` (${cut} characters cut from the middle)` : ''}:\n${text === '' ? '(no output yet)' : text}` +
      (path.resolve(result.cwd) !== path.resolve(ctx.cwd) ? `\n\nShell working directory is still ${result.cwd}` : ''),
  };
}

function formatResult(result: ShellResult, timeoutMs: number, ctx: ToolContext): ToolResult {
  const full = result.output.replace(/\n$/, '');
  const { text, cut } = elideMiddle(full, MAX_OUTPUT_CHARS);
  const notes: string[] = [];
  if (cut > 0) {
    const saved = saveFullOutput(full, ctx);
    notes.push(
      typeof saved === 'string'
        ? `Output was ${full.length} characters; ${cut} from the middle were cut. The full output is in ${saved} (use Read with offset/limit).`
        : `Output was ${full.length} characters; ${cut} from the middle were cut (the full output could not be saved: ${saved.message}).`,
    );
  }
  if (result.timedOut) {
    notes.push(`Command timed out after ${seconds(timeoutMs)} s; it and every process it started were killed.`);
  } else if (result.interrupted) {
    notes.push('Command was interrupted by the user; it and every process it started were stopped.');
  } else if (result.exitCode === null) {
    notes.push('The shell running the command was killed by a signal.');
  } else if (result.exitCode !== 0) {
    notes.push(`Exit code ${result.exitCode}`);
  }
  if (path.resolve(result.cwd) !== path.resolve(ctx.cwd)) notes.push(`Shell working directory is now ${result.cwd}`);

  const body = text === '' ? '(no output)' : text;
  return {
    content: notes.length > 0 ? `${body}\n\n${notes.join('\n')}` : body,
    isError: result.timedOut || result.interrupted || result.exitCode !== 0,
  };
}

/**
 * Keeps the head and tail of `text` within `max` characters, with a marker saying how many characters
 * were cut. Cuts fall on line breaks when one is near, so no half lines show.
 */
export function elideMiddle(text: string, max: number): { text: string; cut: number } {
  if (text.length <= max) return { text, cut: 0 };
  const markerRoom = 80;
  const half = Math.floor((max - markerRoom) / 2);
  let headEnd = half;
  const lastBreak = text.lastIndexOf('\n', headEnd);
  if (lastBreak > half - 1000) headEnd = lastBreak;
  let tailStart = text.length - half;
  const nextBreak = text.indexOf('\n', tailStart);
  if (nextBreak !== -1 && nextBreak < tailStart + 1000) tailStart = nextBreak + 1;
  const cut = tailStart - headEnd;
  return { text: `${text.slice(0, headEnd)}\n... [${cut} characters cut] ...\n${text.slice(tailStart)}`, cut };
}

/** The file's path, or why it could not be written. */
function saveFullOutput(output: string, ctx: ToolContext): string | Error {
  try {
    ensurePrivateDir(ctx.session.scratchDir);
    const name = `bash-${(ctx.toolUseId || String(ctx.clock.now())).replace(/[^\w.-]/g, '_')}.log`;
    const file = path.join(ctx.session.scratchDir, name);
    writeFileSync(file, output);
    return file;
  } catch (err) {
    return err as Error;
  }
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
