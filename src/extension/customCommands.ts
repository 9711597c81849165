// The panel's custom slash commands: what the slash menu lists besides the built-ins. Commands and
// skills are found on disk each time the menu opens (core/commands/discover.ts: .claude/commands,
// ~/.claude/commands, .tandem/commands, .claude/skills, .agents/skills; subfolders as "ns:name"),
// so a file added or edited shows without a reload; MCP prompts come from the window's servers
// (/mcp__server__prompt). Running one happens in the chat's send path (agentFactory.ts: the
// agent's CommandSession and MCP expansion). No vscode import: the unit tests build the menu here.
import { homedir } from 'node:os';
import { relative } from 'node:path';
import { discoverCommands } from '../core/commands/discover';
import type { CommandDef } from '../core/commands/discover';
import type { McpManager } from '../core/mcp/manager';
import { normalizeName } from '../core/mcp/tools';
import { SLASH_NAMES } from '../protocol/input';
import { isSlashName } from '../protocol/slashMenu';
import type { CustomCommandView } from '../protocol/slashMenu';

const MAX_DESCRIPTION = 300;

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DESCRIPTION ? `${one.slice(0, MAX_DESCRIPTION)}…` : one;
}

/** Commands and skills as menu entries: every command, the skills a user may invoke; a built-in's name is flagged. */
export function commandViews(defs: readonly CommandDef[], builtins: readonly string[] = SLASH_NAMES): CustomCommandView[] {
  return defs
    .filter((d) => d.userInvocable !== false && isSlashName(d.name))
    .map((d) => ({
      name: d.name,
      description: short(d.description),
      ...(d.argumentHint ? { argumentHint: d.argumentHint } : {}),
      source: d.kind,
      origin: d.scope,
      ...(builtins.includes(d.name) ? { shadowed: true } : {}),
    }));
}

/** The connected servers' prompts as /mcp__server__prompt entries, their arguments as the hint (<required> [optional]). */
export function mcpPromptViews(manager: Pick<McpManager, 'servers'> | undefined): CustomCommandView[] {
  if (!manager) return [];
  return manager.servers().flatMap((s) =>
    s.status !== 'connected'
      ? []
      : s.prompts.map((p) => {
          const hint = (p.arguments ?? []).map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ');
          return {
            name: `mcp__${normalizeName(s.name)}__${normalizeName(p.name)}`,
            description: short(p.description ?? p.title ?? ''),
            ...(hint ? { argumentHint: hint } : {}),
            source: 'mcp' as const,
            origin: s.name,
          };
        }),
  );
}

export interface CustomCommandList {
  items: CustomCommandView[];
  /** Files that could not be read or had bad frontmatter (for the Output channel). */
  warnings: string[];
  /** The definitions found (for /help: which file a shadowed name comes from). */
  defs: CommandDef[];
}

/** Everything the menu lists besides the built-ins, read now. */
export function listCustomCommands(roots: string[], manager?: Pick<McpManager, 'servers'>, home: string = homedir()): CustomCommandList {
  const found = roots.length ? discoverCommands({ home, roots }) : { commands: [], warnings: [] };
  return { items: [...commandViews(found.commands), ...mcpPromptViews(manager)], warnings: found.warnings, defs: found.commands };
}

/** Where a command's file is, for messages: relative to the workspace folder or ~. */
export function commandFileLabel(def: Pick<CommandDef, 'file'>, roots: string[], home: string = homedir()): string {
  for (const base of [...roots, home]) {
    const rel = relative(base, def.file);
    if (rel && !rel.startsWith('..')) return base === home ? `~/${rel}` : rel;
  }
  return def.file;
}
