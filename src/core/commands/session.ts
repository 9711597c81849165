// Commands and skills for one agent: found once when it starts, a prompt "/name args" expanded
// into the command's text (its allowed-tools granted for that turn only, its model used for that
// turn), and the Skill tool with the skill listing for the system prompt. Hosts (CLI, SDK, panel)
// share this.
import type { PermissionEngine } from '../permissions/engine';
import type { Shell } from '../ports';
import type { Tool } from '../tools/types';
import { discoverCommands, matchCommand } from './discover';
import type { CommandDef } from './discover';
import { expandCommand } from './expand';
import { skillListing, skillTool } from './skills';

export interface CommandSessionOptions {
  home: string;
  roots: string[];
  cwd: string;
  sessionId: string;
  permissions: PermissionEngine;
  shell?: Shell;
}

export interface PreparedTurn {
  /** What goes to the model. */
  text: string;
  /** The command's model, for this turn. */
  model?: string;
  /** Takes back what the turn was granted; call when the turn ends. */
  release(): void;
}

export class CommandSession {
  private found: { commands: CommandDef[]; warnings: string[] };
  private grants: (() => void)[] = [];

  constructor(private readonly opts: CommandSessionOptions) {
    this.found = discoverCommands({ home: opts.home, roots: opts.roots });
  }

  get commands(): CommandDef[] {
    return this.found.commands;
  }

  get warnings(): string[] {
    return this.found.warnings;
  }

  /** Finds the commands and skills again (a file was added, changed or removed); returns the new warnings. */
  refresh(): string[] {
    this.found = discoverCommands({ home: this.opts.home, roots: this.opts.roots });
    return this.found.warnings;
  }

  /** What a slash menu lists: every command, and the skills a user may invoke. */
  menu(): CommandDef[] {
    return this.commands.filter((c) => c.userInvocable !== false);
  }

  get skills(): CommandDef[] {
    return this.commands.filter((c) => c.kind === 'skill');
  }

  /** The system prompt's skill section, or undefined when there are none. */
  listing(): string | undefined {
    return skillListing(this.skills);
  }

  /** The Skill tool, when there are skills. */
  tool(): Tool | undefined {
    if (this.skills.length === 0) return undefined;
    return skillTool(() => this.commands, (skill, args) => this.load(skill, args));
  }

  private grant(def: CommandDef): void {
    if (def.allowedTools.length) this.grants.push(this.opts.permissions.grantForTurn(def.allowedTools));
    // A skill's supporting files (its folder may be outside the workspace) are readable once it is loaded.
    if (def.kind === 'skill') this.grants.push(this.opts.permissions.grantForTurn([`Read(/${def.dir}/**)`]));
  }

  private load(def: CommandDef, args: string, signal?: AbortSignal): Promise<string> {
    this.grant(def);
    return expandCommand(def, args, { cwd: this.opts.cwd, sessionId: this.opts.sessionId, permissions: this.opts.permissions, shell: this.opts.shell, signal });
  }

  /** A prompt that names a command or skill ("/review 42") becomes its text; any other prompt is left as it is. */
  async prepare(prompt: string, signal?: AbortSignal): Promise<PreparedTurn> {
    const match = matchCommand(prompt, this.commands);
    const release = () => {
      for (const g of this.grants.splice(0)) g();
    };
    if (!match) return { text: prompt, release };
    const text = await this.load(match.command, match.args, signal);
    return { text, ...(match.command.model ? { model: match.command.model } : {}), release };
  }
}
