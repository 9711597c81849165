// The slash menu's entries: the panel's built-in commands, then the custom commands and skills found
// on disk (.claude/commands, ~/.claude/commands, .tandem/commands, .claude/skills…) and the MCP
// servers' prompts. The host lists the custom ones (customCommands.ts); the webview filters them as
// the user types. Pure, so both sides and the unit tests share it.
import { fuzzyRank } from './fuzzy';
import { SLASH_COMMANDS } from './input';

/** A custom command, skill or MCP prompt, as the host lists it for the menu. */
export interface CustomCommandView {
  /** Without the slash: "review", "frontend:component", "mcp__github__pr_review". */
  name: string;
  description: string;
  /** What may follow the name ("[pr number]", "<owner> <repo>"). */
  argumentHint?: string;
  source: 'command' | 'skill' | 'mcp';
  /** Where it was found: the user's folder, the workspace's, or an MCP server (its name). */
  origin: string;
  /** A built-in command of the same name runs instead (built-ins keep precedence). */
  shadowed?: boolean;
}

/** One row of the menu. */
export interface SlashMenuItem {
  name: string;
  description: string;
  args?: string;
  kind: 'builtin' | CustomCommandView['source'];
  /** Custom only: the host's origin label; a shadowed one cannot be chosen. */
  origin?: string;
  shadowed?: boolean;
}

/**
 * The characters a command name may hold: letters, digits and `_ . : -` (namespaces from subfolders
 * as "ns:name", MCP prompts as "mcp__server__prompt"). Custom names are matched against the same
 * pattern on the host (core/commands/discover.ts matchCommand).
 */
export const SLASH_NAME_CHARS = '[\\w.:-]';

/** The word being typed when the input is "/" plus a name so far (nothing else): the menu's filter, or undefined. */
export function slashWord(text: string): string | undefined {
  return new RegExp(`^/(${SLASH_NAME_CHARS}*)$`).exec(text)?.[1];
}

/** Whether a name may appear as a custom command in the menu. */
export function isSlashName(name: string): boolean {
  return new RegExp(`^${SLASH_NAME_CHARS}+$`).test(name);
}

/** Built-ins first, then the custom entries; a custom one that a built-in hides is flagged. */
export function slashMenuItems(custom: readonly CustomCommandView[]): SlashMenuItem[] {
  const builtins = new Set(SLASH_COMMANDS.map((c) => c.name));
  const items: SlashMenuItem[] = SLASH_COMMANDS.map((c) => ({ name: c.name, description: c.description, ...(c.args ? { args: c.args } : {}), kind: 'builtin' as const }));
  const seen = new Set<string>();
  for (const c of custom) {
    if (!isSlashName(c.name) || seen.has(c.name)) continue;
    seen.add(c.name);
    const shadowed = c.shadowed || builtins.has(c.name);
    items.push({ name: c.name, description: c.description, ...(c.argumentHint ? { args: c.argumentHint } : {}), kind: c.source, origin: c.origin, ...(shadowed ? { shadowed: true } : {}) });
  }
  return items;
}

/** The entries for what was typed: names that start with it first (built-ins before custom), then fuzzy matches. */
export function filterSlashItems(typed: string, items: readonly SlashMenuItem[]): SlashMenuItem[] {
  const lower = typed.toLowerCase();
  const starts = items.filter((c) => c.name.toLowerCase().startsWith(lower));
  // The part after a namespace counts too: "comp" finds "frontend:component".
  const inner = items.filter((c) => c.name.toLowerCase().split(/[:]|__/).slice(1).some((part) => part.startsWith(lower)));
  const fuzzy = typed ? fuzzyRank(typed, items, (c) => c.name).map((r) => r.item) : [];
  return [...new Set([...starts, ...inner, ...fuzzy])];
}

/** Whether choosing the entry should put it in the input for arguments rather than run it at once. */
export function takesArguments(item: SlashMenuItem): boolean {
  return item.kind !== 'builtin' && item.args !== undefined && item.args.trim() !== '';
}
