// The session's hooks as a sub-agent sees them (Claude Code's behaviour): its tool calls run
// PreToolUse / PostToolUse like the parent's; when it finishes, SubagentStop runs instead of Stop
// (a blocking SubagentStop sends it back to work, as Stop does for the main agent); the session and
// prompt events belong to the main agent only.
import type { HookSeam } from '../hooks/hooks';
import type { HookEvent } from '../hooks/types';

const MAIN_ONLY = new Set<HookEvent>(['SessionStart', 'SessionEnd', 'UserPromptSubmit']);

export function subagentHooks(hooks: HookSeam, fields: Record<string, unknown>): HookSeam {
  const map = (event: HookEvent): HookEvent | undefined => (event === 'Stop' ? 'SubagentStop' : MAIN_ONLY.has(event) ? undefined : event);
  return {
    has: (event) => {
      const e = map(event);
      return e !== undefined && hooks.has(e);
    },
    run: (event, input, opts) => {
      const e = map(event);
      if (!e) return Promise.resolve({ context: [], notices: [], runs: [] });
      return hooks.run(e, e === 'SubagentStop' ? { ...input, ...fields } : input, e === 'SubagentStop' ? { ...opts, match: String(fields.agent_type ?? '') } : opts);
    },
  };
}
