// The chat's send path for slash commands that are not the panel's own: "/name args" naming a custom
// command or skill becomes its text (core/commands: $ARGUMENTS, @file, !`cmd` under the permission
// engine), its allowed-tools are granted and its model used for that turn only; then MCP expands
// /mcp__server__prompt and @server:uri. The transcript shows what the user typed (chatController
// passes it as the user message's `command`).
import { resolveAgentModel } from '../core/agents/models';
import type { Conversation } from '../core/agent/conversation';
import type { CommandSession } from '../core/commands/session';
import type { PreparedInput } from '../core/mcp/session';

export interface CommandTurns {
  /** What goes to the model for what the user typed; grants last until end(). */
  prepare(text: string, signal: AbortSignal): Promise<PreparedInput>;
  /** The turn ended: take back its grants, go back to the chat's model. */
  end(): void;
}

export function commandTurns(
  commands: CommandSession,
  conversation: Pick<Conversation, 'current' | 'use'>,
  mcp: { prepare(text: string, signal: AbortSignal): Promise<PreparedInput> } | undefined,
  providerId: string,
  onWarning: (message: string) => void = () => undefined,
): CommandTurns {
  let active: { release(): void; restore?: Conversation['current'] } | undefined;
  const end = () => {
    const turn = active;
    active = undefined;
    turn?.release();
    if (turn?.restore) conversation.use(turn.restore.provider, turn.restore.model);
  };
  return {
    end,
    async prepare(text, signal) {
      end();
      // Files may have changed since the chat started (the menu lists them fresh too).
      if (text.trimStart().startsWith('/')) for (const w of commands.refresh()) onWarning(w);
      const turn = await commands.prepare(text, signal);
      active = { release: turn.release };
      if (turn.model) {
        const before = conversation.current;
        active.restore = before;
        conversation.use(before.provider, resolveAgentModel(providerId, before.model, turn.model));
      }
      try {
        return mcp ? await mcp.prepare(turn.text, signal) : { text: turn.text, extra: [], problems: [] };
      } catch (err) {
        end();
        throw err;
      }
    },
  };
}
