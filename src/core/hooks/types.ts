// Hooks in Claude Code's JSON (settings files' "hooks" key): per event, groups of a matcher and the
// commands to run. These are the shapes after validation (config/validate.ts), with where each came from.

/** The events Tandem fires. */
export const HOOK_EVENTS = [
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'UserPromptSubmit',
  'Stop',
  'SubagentStop',
  'SessionStart',
  'SessionEnd',
  'PreCompact',
  'PostCompact',
  'Notification',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Events Claude Code documents that Tandem does not fire (yet): accepted in files, never run. */
export const OTHER_CLAUDE_EVENTS = [
  'Setup',
  'UserPromptExpansion',
  'PermissionDenied',
  'PostToolBatch',
  'MessageDisplay',
  'SubagentStart',
  'TaskCreated',
  'TaskCompleted',
  'StopFailure',
  'TeammateIdle',
  'InstructionsLoaded',
  'ConfigChange',
  'CwdChanged',
  'DirectoryAdded',
  'FileChanged',
  'WorktreeCreate',
  'WorktreeRemove',
  'Elicitation',
  'ElicitationResult',
] as const;

export function isHookEvent(v: string): v is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(v);
}

export interface HookCommand {
  type: 'command';
  command: string;
  /** Seconds; default 600 (UserPromptSubmit 30). */
  timeout?: number;
  /** Tandem: a crash, timeout or exit other than 0 and 2 blocks instead of letting the call through. */
  enforce?: boolean;
}

export interface HookGroup {
  matcher?: string;
  hooks: HookCommand[];
}

export type HooksConfig = Partial<Record<string, HookGroup[]>>;

/** One hook command as loaded, with the file and level it came from. */
export interface HookDefinition extends HookCommand {
  event: HookEvent;
  matcher: string;
  /** The settings file (or "--settings"). */
  source: string;
  scope: 'managed' | 'flag' | 'local' | 'project' | 'user';
}
