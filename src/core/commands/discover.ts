// Custom slash commands and skills found on disk, in Claude Code's layout:
//   commands: ~/.claude/commands/**/*.md, ~/.tandem/commands, <folder>/.claude/commands, <folder>/.tandem/commands
//             (a subfolder is a namespace: frontend/component.md is /frontend:component)
//   skills:   ~/.claude/skills/<name>/SKILL.md, <folder>/.claude/skills/<name>/SKILL.md, and .agents/skills
// A project's entry wins over the user's of the same name, and a skill over a command.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fmList, fmString, parseFrontmatter } from '../config/frontmatter';

export interface CommandDef {
  name: string;
  kind: 'command' | 'skill';
  scope: 'user' | 'project';
  description: string;
  argumentHint?: string;
  /** Rules granted for the turn that runs it (allowed-tools). */
  allowedTools: string[];
  model?: string;
  body: string;
  file: string;
  /** The skill's folder (its supporting files) or the command file's folder. */
  dir: string;
  /** `user-invocable: false`: a skill only the model loads; the slash menu leaves it out. */
  userInvocable?: false;
}

export interface DiscoverOptions {
  home: string;
  roots: string[];
}

const MAX_FILES = 500;

function markdownFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (out.length >= MAX_FILES) break;
    const p = join(dir, e.name);
    if (e.isDirectory()) markdownFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

function firstLine(body: string): string {
  return body.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find(Boolean)?.slice(0, 200) ?? '';
}

/** Claude Code's documented `argument-hint: [message]` is a YAML list when nothing follows it: shown as written. */
function argumentHint(data: Record<string, unknown>): string | undefined {
  const v = data['argument-hint'];
  if (Array.isArray(v)) return v.map((x) => `[${String(x)}]`).join(' ') || undefined;
  return fmString(data, 'argument-hint');
}

function read(file: string, name: string, kind: CommandDef['kind'], scope: CommandDef['scope'], dir: string, warnings: string[]): CommandDef | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    warnings.push(`${file} could not be read: ${(err as Error).message}`);
    return undefined;
  }
  const fm = parseFrontmatter(text);
  if (fm.error) warnings.push(`${file}: ${fm.error}; its frontmatter was ignored`);
  const fmName = kind === 'skill' ? fmString(fm.data, 'name') : undefined;
  return {
    name: fmName && /^[\w.:-]+$/.test(fmName) ? fmName : name,
    kind,
    scope,
    description: fmString(fm.data, 'description') ?? firstLine(fm.body),
    ...(argumentHint(fm.data) ? { argumentHint: argumentHint(fm.data) } : {}),
    allowedTools: fmList(fm.data, 'allowed-tools') ?? [],
    ...(fmString(fm.data, 'model') ? { model: fmString(fm.data, 'model') } : {}),
    body: fm.body,
    file,
    dir,
    ...(fm.data['user-invocable'] === false || fm.data['user-invocable'] === 'false' ? { userInvocable: false as const } : {}),
  };
}

export function discoverCommands(opts: DiscoverOptions): { commands: CommandDef[]; warnings: string[] } {
  const warnings: string[] = [];
  const byName = new Map<string, CommandDef>();
  const add = (d: CommandDef | undefined) => {
    if (!d) return;
    const prev = byName.get(d.name);
    // Later sources (project after user) win; a command never replaces a skill of the same name.
    if (prev && prev.kind === 'skill' && d.kind === 'command') return;
    byName.set(d.name, d);
  };
  const places: { base: string; scope: CommandDef['scope'] }[] = [
    { base: opts.home, scope: 'user' },
    ...opts.roots.map((r) => ({ base: r, scope: 'project' as const })),
  ];
  for (const { base, scope } of places) {
    for (const folder of [join(base, '.claude', 'commands'), join(base, '.tandem', 'commands')]) {
      for (const file of markdownFiles(folder)) {
        const name = relative(folder, file).slice(0, -3).split(sep).join(':');
        add(read(file, name, 'command', scope, join(file, '..'), warnings));
      }
    }
  }
  for (const { base, scope } of places) {
    for (const folder of [join(base, '.claude', 'skills'), join(base, '.agents', 'skills')]) {
      if (!existsSync(folder)) continue;
      for (const name of readdirSync(folder).sort()) {
        const dir = join(folder, name);
        const file = join(dir, 'SKILL.md');
        if (!existsSync(file) || !statSync(dir).isDirectory()) continue;
        add(read(file, name, 'skill', scope, dir, warnings));
      }
    }
  }
  return { commands: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), warnings };
}

/** "/name args" at the start of a prompt, when name is a known command or skill. */
export function matchCommand(prompt: string, commands: CommandDef[]): { command: CommandDef; args: string } | undefined {
  const m = /^\/([\w.:-]+)(?:\s+([\s\S]*))?$/.exec(prompt.trim());
  if (!m) return undefined;
  const command = commands.find((c) => c.name === m[1]);
  return command && { command, args: (m[2] ?? '').trim() };
}
