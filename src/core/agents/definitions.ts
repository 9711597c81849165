// Sub-agent definitions in Claude Code's formats: the built-in general-purpose, Explore and Plan;
// Markdown files with frontmatter in .claude/agents/**, ~/.claude/agents and .tandem/agents; and the
// CLI's `--agents '{"name": {"description", "prompt", "tools", "model", ...}}'` JSON.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fmList, fmString, parseFrontmatter } from '../config/frontmatter';
import { isPermissionMode } from '../permissions/modes';
import type { PermissionMode } from '../permissions/modes';

export interface AgentDefinition {
  name: string;
  description: string;
  /** The sub-agent's own system prompt (the file's body). */
  prompt: string;
  /** Tool names it may use; undefined = every tool the parent has (except Agent past the depth limit). */
  tools?: string[];
  disallowedTools?: string[];
  /** sonnet | opus | haiku | inherit | a model id; undefined = inherit. */
  model?: string;
  /** Can only narrow the parent's mode (see narrowerMode). */
  permissionMode?: PermissionMode;
  maxTurns?: number;
  /** Skip the instruction files (CLAUDE.md, AGENTS.md): the built-in Explore and Plan do, as in Claude Code. */
  skipInstructions?: boolean;
  /** Where it came from: 'built-in', 'cli', or the file's path. */
  source: string;
}

/** Read-only tools for Explore and Plan: they look, never change. */
export const READ_ONLY_AGENT_TOOLS = ['Read', 'Glob', 'Grep', 'LS', 'WebFetch', 'WebSearch', 'BashOutput'];

const REPORT = `When you are done, answer with a complete report for the agent that delegated to you: what you found or did, with file paths (path:line) and the facts it needs. Your final message is all it receives, so never answer with a pointer ("see above"); it cannot see your tool calls.`;

export const BUILTIN_AGENTS: readonly AgentDefinition[] = [
  {
    name: 'general-purpose',
    description: 'General-purpose agent for researching complex questions, searching for code and carrying out multi-step tasks on its own. Use it when a search or task may take several rounds.',
    prompt: `You are a sub-agent of Tandem, a coding agent. Another agent delegated a task to you: carry it out fully with the tools you have, then report.\n\n${REPORT}`,
    source: 'built-in',
  },
  {
    name: 'Explore',
    description: 'Fast read-only agent for exploring a codebase: finding files by pattern, searching code for keywords, answering questions about how the code works. Say how thorough it should be (quick, medium, very thorough).',
    prompt: `You are a read-only exploration sub-agent of Tandem. Find what was asked quickly: search with Glob and Grep, read only what you need. You cannot change anything.\n\n${REPORT}`,
    tools: READ_ONLY_AGENT_TOOLS,
    skipInstructions: true,
    source: 'built-in',
  },
  {
    name: 'Plan',
    description: 'Read-only agent that researches the codebase and designs an implementation plan: the steps, the files to change and the trade-offs.',
    prompt: `You are a read-only planning sub-agent of Tandem. Research the code involved and return a concrete, step-by-step implementation plan (files, functions, order, risks). You cannot change anything.\n\n${REPORT}`,
    tools: READ_ONLY_AGENT_TOOLS,
    skipInstructions: true,
    source: 'built-in',
  },
];

export interface LoadedAgents {
  agents: AgentDefinition[];
  /** Files or entries that were skipped, and why. */
  warnings: string[];
}

const NAME = /^[A-Za-z0-9][\w-]*$/;

/** One definition from frontmatter-like fields; an error string when it cannot be used. */
export function definitionFrom(fields: Record<string, unknown>, body: string, source: string, fallbackName?: string): AgentDefinition | string {
  const name = fmString(fields, 'name') ?? fallbackName;
  const description = fmString(fields, 'description');
  if (!name || !NAME.test(name)) return `missing or invalid name "${name ?? ''}" (letters, digits, - and _)`;
  if (!description) return `agent "${name}" has no description`;
  const mode = fmString(fields, 'permissionMode');
  if (mode !== undefined && !isPermissionMode(mode)) return `agent "${name}": unknown permissionMode "${mode}"`;
  const turnsText = fmString(fields, 'maxTurns');
  const maxTurns = turnsText === undefined ? undefined : Number(turnsText);
  if (maxTurns !== undefined && (!Number.isInteger(maxTurns) || maxTurns < 1)) return `agent "${name}": maxTurns must be a positive integer`;
  const model = fmString(fields, 'model');
  return {
    name,
    description,
    prompt: body.trim(),
    tools: fmList(fields, 'tools'),
    disallowedTools: fmList(fields, 'disallowedTools'),
    ...(model ? { model } : {}),
    ...(mode ? { permissionMode: mode as PermissionMode } : {}),
    ...(maxTurns ? { maxTurns } : {}),
    source,
  };
}

function markdownFiles(dir: string, depth = 0): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory() && depth < 8) out.push(...markdownFiles(p, depth + 1));
    else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

/** Agent files of one folder (searched recursively); later folders override earlier ones by name. */
function loadFolder(dir: string, into: Map<string, AgentDefinition>, warnings: string[]): void {
  for (const file of markdownFiles(dir)) {
    let text: string;
    try {
      if (statSync(file).size > 200_000) throw new Error('larger than 200 KB');
      text = readFileSync(file, 'utf8');
    } catch (err) {
      warnings.push(`${file}: not read (${(err as Error).message})`);
      continue;
    }
    const fm = parseFrontmatter(text);
    if (fm.error) {
      warnings.push(`${file}: ${fm.error}; skipped`);
      continue;
    }
    const def = definitionFrom(fm.data, fm.body, file);
    if (typeof def === 'string') warnings.push(`${file}: ${def}; skipped`);
    else into.set(def.name, def);
  }
}

/** `--agents` JSON: an object of name → {description, prompt, tools?, disallowedTools?, model?, permissionMode?, maxTurns?}. */
export function parseAgentsJson(json: string): LoadedAgents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new Error(`--agents is not valid JSON: ${(err as Error).message}`);
  }
  return agentsFromObject(parsed);
}

/** The SDK's `agents` option and the parsed --agents JSON: name → {description, prompt, ...}. */
export function agentsFromObject(parsed: unknown): LoadedAgents {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('--agents must be a JSON object of agent name → {"description", "prompt", ...}');
  }
  const agents: AgentDefinition[] = [];
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'object' || value === null) {
      warnings.push(`--agents: "${name}" is not an object; skipped`);
      continue;
    }
    const fields = value as Record<string, unknown>;
    const def = definitionFrom({ ...fields, name }, typeof fields.prompt === 'string' ? fields.prompt : '', 'cli');
    if (typeof def === 'string') warnings.push(`--agents: ${def}; skipped`);
    else agents.push(def);
  }
  return { agents, warnings };
}

export interface LoadAgentsOptions {
  /** Workspace folders: each one's .claude/agents and .tandem/agents. */
  roots: string[];
  /** The user's agent folders; default ~/.claude/agents and ~/.tandem/agents. */
  userFolders?: string[];
  /** Definitions given directly (--agents, the SDK's `agents` option); they win over files. */
  extra?: AgentDefinition[];
}

/** The user's agent folders: Claude Code's, then Tandem's (userDir: default ~/.tandem). */
export function userAgentFolders(userDir = join(homedir(), '.tandem')): string[] {
  return [join(homedir(), '.claude', 'agents'), join(userDir, 'agents')];
}

/**
 * Every agent available in a session, by precedence: built-in < the user's folders < the project's
 * .claude/agents < .tandem/agents < extra (the CLI's --agents).
 */
export function loadAgents(opts: LoadAgentsOptions): LoadedAgents {
  const byName = new Map<string, AgentDefinition>(BUILTIN_AGENTS.map((a) => [a.name, a]));
  const warnings: string[] = [];
  const user = opts.userFolders ?? userAgentFolders();
  for (const dir of user) loadFolder(dir, byName, warnings);
  for (const root of opts.roots) {
    for (const dir of [join(root, '.claude', 'agents'), join(root, '.tandem', 'agents')]) {
      if (!user.some((u) => relative(u, dir) === '')) loadFolder(dir, byName, warnings);
    }
  }
  for (const a of opts.extra ?? []) byName.set(a.name, a);
  return { agents: [...byName.values()], warnings };
}
