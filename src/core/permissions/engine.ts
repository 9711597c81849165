// The permission engine: one verdict (allow / ask / deny) per tool call from the mode, the rules
// (deny beats ask beats allow, in every mode), canonical paths, protected paths and, for Bash, the
// shell analysis of every simple command. A verdict says why, which rule decided, and what
// "Allow always" would add. See ARCHITECTURE.md, "Permissions", and the permission engine issue.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Shell } from '../ports';
import type { PermissionSubject } from '../tools/types';
import { decideCommand } from './bashCheck';
import { formatRule } from './modes';
import type { PermissionMode, PermissionRules, RuleList, RuleScope } from './modes';
import { canonicalPath, expandHome, globMatches, isWithin, probeCaseInsensitive, protectedReason } from './paths';
import { parseRule } from './rules';
import type { Rule } from './rules';
import { addRuleToFile, approveSettings, projectSettingsFile, readApprovals, settingsKey, userSettingsFile } from './settings';
import type { ShellAnalysis } from './shell/types';
import { analyzeCommand, prepareShellAnalysis } from './shell/analyze';
import { changedStateReason, ShellWatch } from './shellState';
import type { ShellFacts } from './shellState';
import { fileSuggestion } from './suggestions';
import { DefinitionWatch } from './definitions';
import { decideAgent, decideDomain, decideSearch } from './namedSubjects';
import { programSettings } from '../git/configRisk';
import { gitConfigEntries } from '../git/safeGit';

/** The settings of the repository at `dir` that make git run programs, read without running any. */
async function repositoryProgramSettings(dir: string): Promise<string[]> {
  return programSettings((await gitConfigEntries(dir)) ?? []);
}
import { ruleCoversTool } from './toolNames';

export { PERMISSION_MODES, formatRule, isPermissionMode } from './modes';
export type { Access, PathContext, Verdict } from './verdict';
import type { Access, PathContext, Verdict } from './verdict';
export type { PermissionMode, PermissionRules, RuleList, RuleScope } from './modes';

/** The first policy's name for a verdict. */
export type Decision = Verdict;

export interface EngineOptions {
  /**
   * The host shows every edit as a proposal the user accepts or rejects (VS Code): in default
   * mode an edit inside the workspace goes straight to that review instead of a separate prompt.
   */
  editsAreReviewed?: boolean;
  /** Default: os.homedir(). */
  home?: string;
  /** Where user settings and settings approvals live; default ~/.tandem. */
  userDir?: string;
  /** The folder whose .tandem/ receives project and local rules; default the first root. */
  projectDir?: string;
  /** Default: probed on the first root's file system. */
  caseInsensitive?: boolean;
  /** Default: the sh-syntax analysis. */
  analyze?: (command: string) => Promise<ShellAnalysis>;
  /** This session's private scratch folder (saved command output): readable without a question. */
  scratchDir?: string;
  /** The repository settings at a folder that make git run programs; default: read with git itself. */
  gitSettings?: (dir: string) => Promise<string[]>;
}

/** The canonical places every check of one call compares against. */


const READ_TOOLS = new Set(['Read', 'Glob', 'Grep', 'LS']);
const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
const PLAN_REASON = 'plan mode is read-only: present a plan instead of changing anything';


/** Read rules cover every tool that reads files; Edit rules every tool that changes them. */
function fileRuleApplies(ruleTool: string, toolName: string, access: Access): boolean {
  if (ruleTool === toolName) return true;
  return access === 'read' ? ruleTool === 'Read' && READ_TOOLS.has(toolName) : ruleTool === 'Edit' && EDIT_TOOLS.has(toolName);
}

export class PermissionEngine {
  private readonly lists: Record<RuleList, Rule[]> = { allow: [], ask: [], deny: [] };
  private readonly roots: string[];
  private readonly home: string;
  private readonly userDir: string;
  private readonly analyze: (command: string) => Promise<ShellAnalysis>;
  /** The canonical scratch folder, once context() has resolved it. */
  private scratch?: string;
  private canonical?: Promise<{ roots: string[]; home: string; caseInsensitive: boolean; scratch?: string }>;

  constructor(
    /** Mutable: the host switches modes between turns (Shift+Tab, the setting, workspace trust). */
    public mode: PermissionMode,
    rules: PermissionRules,
    roots: string[],
    private readonly options: EngineOptions = {},
  ) {
    for (const list of ['allow', 'ask', 'deny'] as const) this.lists[list] = (rules[list] ?? []).map((r) => parseRule(r, list));
    this.roots = [...roots];
    this.home = options.home ?? homedir();
    this.userDir = options.userDir ?? join(this.home, '.tandem');
    this.analyze = options.analyze ?? analyzeCommand;
  }

  /**
   * Prepares what the first shell command will need (the parser; paths made canonical), in the
   * background. The loop calls it once the first model request is on its way, so neither the start
   * nor the first Bash call waits for it.
   */
  prepare(): void {
    if (!this.options.analyze) void prepareShellAnalysis();
    void this.context(this.roots[0] ?? this.home).catch(() => undefined);
  }

  /** Rules the user allowed for this session only; they survive a reload of the settings files. */
  private readonly sessionRules: { list: RuleList; rule: Rule }[] = [];

  /** Settings files changed (the permissions view, an editor, git): take their rules, keep the session's. */
  reload(rules: PermissionRules): void {
    for (const list of ['allow', 'ask', 'deny'] as const) this.lists[list] = (rules[list] ?? []).map((r) => parseRule(r, list));
    for (const { list, rule } of this.sessionRules) {
      if (!this.lists[list].some((r) => formatRule(r) === formatRule(rule))) this.lists[list].push(rule);
    }
  }

  /** Allow rules for one turn (a slash command's allowed-tools); the returned function takes them back. */
  grantForTurn(rules: string[]): () => void {
    const granted = rules.map((r) => parseRule(r, 'command'));
    this.lists.allow.push(...granted);
    return () => {
      this.lists.allow = this.lists.allow.filter((r) => !granted.includes(r));
    };
  }

  /** The rules in force, as written (settings, options and this session's additions). */
  rules(list: RuleList): string[] {
    return this.lists[list].map(formatRule);
  }

  /** More folders the agent may work in (--add-dir, additionalDirectories). */
  addDirectories(dirs: string[]): void {
    for (const d of dirs) if (!this.roots.includes(d)) this.roots.push(d);
    this.canonical = undefined;
  }

  /**
   * Adds a rule and applies it at once. `session` keeps it in memory; the others write it into
   * that settings file (created if missing, other keys kept). A rule the user adds to a repository
   * file carries the file's approval over, unless the file held unapproved parts already.
   */
  async addRule(list: RuleList, rule: string, scope: RuleScope): Promise<void> {
    const parsed = parseRule(rule, scope);
    if (scope !== 'session') {
      const file = scope === 'user' ? userSettingsFile(this.userDir) : projectSettingsFile(this.options.projectDir ?? this.roots[0], scope);
      const { before, after } = addRuleToFile(file, list, rule);
      const approved = readApprovals(this.userDir)[settingsKey(file)];
      if (scope !== 'user' && after.items.length && (before.items.length === 0 || approved === before.hash)) approveSettings(file, after.hash, this.userDir);
    }
    if (scope === 'session') this.sessionRules.push({ list, rule: parsed });
    if (!this.lists[list].some((r) => formatRule(r) === formatRule(parsed))) this.lists[list].push(parsed);
  }

  /** The shell's state as last approved: commands after a risky change ask once (see shellState.ts). */
  private readonly shellWatch = new ShellWatch();

  /**
   * `cwd` is the session's folder (rule globs are anchored there); a command is judged where `shell`
   * really is, with the variables it really holds. Without `shell`, a command runs in `cwd`.
   */
  async decide(toolName: string, readOnly: boolean, subject: PermissionSubject, cwd: string, shell?: Pick<Shell, 'state'>): Promise<Verdict> {
    const v = await this.decideForMode(toolName, readOnly, subject, cwd, shell);
    // dontAsk: a question nobody will answer becomes a refusal the model is told about.
    if (this.mode === 'dontAsk' && v.behavior === 'ask') {
      return { ...v, behavior: 'deny', reason: `${v.reason}; dontAsk mode refuses what no allow rule permits`, suggestions: [] };
    }
    return v;
  }

  private async decideForMode(toolName: string, readOnly: boolean, subject: PermissionSubject, cwd: string, shell?: Pick<Shell, 'state'>): Promise<Verdict> {
    const ctx = await this.context(cwd);
    switch (subject.kind) {
      case 'command': {
        const facts = shell && this.shellWatch.observe(shell);
        const verdict = await decideCommand(subject.command, {
          toolName,
          mode: this.mode,
          ctx,
          cwd: facts ? (facts.cwd ?? cwd) : cwd,
          cwdUnknown: !!facts && facts.cwd === undefined,
          shellEnv: shell?.state?.()?.env,
          rules: (list) => this.lists[list].filter((r) => r.tool === toolName),
          // A redirect is a Write and a read-only command's operand a Read: their rules apply.
          file: (access, path, dir) => this.decideFile(access === 'write' ? 'Write' : 'Read', access, path, dir, ctx, false),
          protectedWrite: (path, dir) => this.protectedWrite(path, dir, ctx),
          argumentWrite: (path, dir) => this.decideFile('Write', 'write', path, dir, ctx, true),
          analyze: this.analyze,
          gitSettings: this.options.gitSettings ?? repositoryProgramSettings,
          readDeniedBelow: (dir) => this.readDeniedBelow(dir, ctx),
          beforeRun: async (dirs, writes) => {
            const canon = (p: string) => canonicalPath(p, '/', ctx.home);
            await this.definitions.beforeCommand([...ctx.roots, ...(await Promise.all(dirs.map(canon)))]);
            for (const w of writes) await this.definitions.beforeWrite(await canon(w));
          },
          definitionChanges: async (argv, dir) => this.definitions.changes(argv, await canonicalPath(dir, '/', ctx.home), (p) => this.label(p, ctx)),
        });
        if (!facts) return verdict;
        return this.inShellState(await this.namingShellFolder(verdict, facts.cwd, ctx), facts);
      }
      case 'read':
      case 'write': {
        if (subject.kind === 'write') await this.definitions.beforeWrite(await canonicalPath(subject.path, cwd, ctx.home));
        if (this.mode === 'plan' && !readOnly && subject.kind === 'read') return { behavior: 'deny', reason: PLAN_REASON, by: 'mode', suggestions: [] };
        return this.decideFile(toolName, subject.kind, subject.path, cwd, ctx, !!this.options.editsAreReviewed);
      }
      case 'none':
        return this.decideBare(toolName, readOnly);
      case 'domain':
        return decideDomain(toolName, subject.host, this.mode, (list) => this.lists[list]);
      case 'agent':
        return decideAgent(toolName, subject.agentType, (list) => this.lists[list]);
      case 'search':
        return decideSearch(toolName, this.mode, (list) => this.lists[list]);
    }
  }

  /** The Read deny rules (with a path): what recursive reads and search results must leave out. */
  private readDenyRules(): Rule[] {
    return this.lists.deny.filter((r) => r.spec !== undefined && fileRuleApplies(r.tool, 'Read', 'read'));
  }

  /** True when a deny rule for Read covers this file (Grep and Glob drop it from their results). */
  readDenied(absPath: string): boolean {
    const base = this.lastCwd ?? this.roots[0] ?? '/';
    return this.readDenyRules().some((r) => globMatches(r.spec!, absPath, base, this.home) || globMatches(r.spec!, absPath, base, this.home, true));
  }

  /** True when a deny rule for Read may cover something below `dir` (an unanchored pattern may match anywhere). */
  private readDeniedBelow(dir: string, ctx: PathContext): boolean {
    return this.readDenyRules().some((r) => {
      const root = ruleRoot(r.spec!, ctx.cwd, ctx.home);
      return root === undefined || isWithin(root, dir, true) || isWithin(dir, root, true);
    });
  }

  /** The folder of the last decision, where rule globs are anchored (for readDenied). */
  private lastCwd?: string;

  /** The files that define what commands run, as they were before the agent could change them. */
  private readonly definitions = new DefinitionWatch();

  /** A path as the user reads it: relative to the workspace folder that holds it. */
  private label(path: string, ctx: PathContext): string {
    const root = ctx.roots.find((r) => isWithin(path, r, ctx.caseInsensitive));
    return root ? relative(root, path) || path : path;
  }

  /**
   * A question about a command the shell runs away from the session's folder (an earlier `cd`)
   * says where: the user approves `npm test` knowing it runs in .git, not in the workspace.
   */
  private async namingShellFolder(v: Verdict, shellCwd: string | undefined, ctx: PathContext): Promise<Verdict> {
    if (v.behavior !== 'ask' || shellCwd === undefined) return v;
    const real = await canonicalPath(shellCwd, '/', ctx.home);
    return real === ctx.cwd ? v : { ...v, reason: `${v.reason} (the shell is in ${real})` };
  }

  /** A command run in a shell whose risky variables changed since the user last saw them asks. */
  private inShellState(v: Verdict, facts: ShellFacts): Verdict {
    if (v.behavior === 'deny' || this.mode === 'bypassPermissions') return v;
    const both = (a?: () => void) => () => {
      a?.();
      facts.accept();
    };
    if (facts.changed.length === 0) return v.behavior === 'ask' ? { ...v, onApproved: both(v.onApproved) } : v;
    const why = changedStateReason(facts.changed);
    const reason = v.behavior === 'ask' ? `${v.reason}; ${why}` : `running it needs approval: ${why}`;
    return { behavior: 'ask', reason, by: 'mode', suggestions: v.behavior === 'ask' ? v.suggestions : [], onApproved: both(v.behavior === 'ask' ? v.onApproved : undefined) };
  }

  private async context(cwd: string): Promise<PathContext> {
    this.canonical ??= (async () => {
      const home = await canonicalPath(this.home, '/', this.home);
      const roots = await Promise.all(this.roots.map((r) => canonicalPath(r, '/', this.home)));
      const caseInsensitive = this.options.caseInsensitive ?? (await probeCaseInsensitive(roots[0] ?? home));
      const scratch = this.options.scratchDir && (await canonicalPath(this.options.scratchDir, '/', this.home));
      return { roots, home, caseInsensitive, scratch };
    })();
    const { scratch, ...c } = await this.canonical;
    this.scratch = scratch;
    this.lastCwd = await canonicalPath(cwd, '/', this.home);
    return { ...c, cwd: this.lastCwd };
  }

  /** A tool whose calls name no file or command: only bare rules and the mode decide. */
  private decideBare(toolName: string, readOnly: boolean): Verdict {
    const find = (list: RuleList) => this.lists[list].find((r) => ruleCoversTool(r.tool, toolName) && r.spec === undefined);
    const by = (behavior: Verdict['behavior'], r: Rule, reason: string): Verdict => ({ behavior, reason, by: 'rule', rule: formatRule(r), suggestions: [] });
    const deny = find('deny');
    if (deny) return by('deny', deny, `denied by rule ${formatRule(deny)}`);
    const ask = find('ask');
    if (ask) return by('ask', ask, `rule ${formatRule(ask)} asks`);
    if (this.mode === 'plan' && !readOnly) return { behavior: 'deny', reason: PLAN_REASON, by: 'mode', suggestions: [] };
    if (this.mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode', by: 'mode', suggestions: [] };
    const allow = find('allow');
    if (allow) return by('allow', allow, `allowed by rule ${formatRule(allow)}`);
    if (readOnly) return { behavior: 'allow', reason: `${toolName} only reads`, by: 'mode', suggestions: [] };
    return { behavior: 'ask', reason: `using ${toolName} needs approval`, by: 'mode', suggestions: [toolName] };
  }

  private protectedFor(access: Access, path: string, literal: string, ctx: PathContext): string | undefined {
    const roots = [...ctx.roots, ...this.roots.map((r) => resolve(r))];
    return protectedReason(path, access, ctx.home, ctx.caseInsensitive, roots) ?? protectedReason(literal, access, ctx.home, ctx.caseInsensitive, roots);
  }

  /** Why writing this path (a command's argument) would need the user, if it would. */
  private async protectedWrite(rawPath: string, cwd: string, ctx: PathContext): Promise<string | undefined> {
    const literal = resolve(cwd, expandHome(rawPath, ctx.home));
    return this.protectedFor('write', await canonicalPath(rawPath, cwd, ctx.home), literal, ctx);
  }

  /**
   * One file read or write, by a file tool or a Bash redirect. Rules see the canonical path (deny
   * and ask rules the literal one too, so a symlink cannot dodge them); inside/outside and
   * protected are judged on the canonical path.
   */
  private async decideFile(toolName: string, access: Access, rawPath: string, cwd: string, ctx: PathContext, reviewed: boolean): Promise<Verdict> {
    const literal = resolve(cwd, expandHome(rawPath, ctx.home));
    const path = await canonicalPath(rawPath, cwd, ctx.home);
    const ci = ctx.caseInsensitive;
    const applies = (r: Rule) => fileRuleApplies(r.tool, toolName, access);
    const matches = (r: Rule, p: string, base: string) => r.spec === undefined || globMatches(r.spec, p, base, ctx.home, ci);
    const strict = (list: RuleList) => this.lists[list].find((r) => applies(r) && (matches(r, path, ctx.cwd) || matches(r, literal, resolve(cwd))));
    const rule = (behavior: Verdict['behavior'], r: Rule, reason: string): Verdict => ({ behavior, reason, by: 'rule', rule: formatRule(r), suggestions: [] });

    const deny = strict('deny');
    if (deny) return rule('deny', deny, `denied by rule ${formatRule(deny)}`);
    const ask = strict('ask');
    if (ask) return rule('ask', ask, `rule ${formatRule(ask)} asks before ${access === 'read' ? 'reading' : 'changing'} ${path}`);
    if (this.mode === 'plan' && access === 'write') return { behavior: 'deny', reason: PLAN_REASON, by: 'mode', suggestions: [] };
    const prot = this.protectedFor(access, path, literal, ctx);
    if (prot) return { behavior: 'ask', reason: `${prot}: a protected path, so the user is always asked`, by: 'mode', suggestions: [] };
    // The session's own scratch folder: Bash tells the model its full output is there, to Read.
    if (access === 'read' && this.scratch && isWithin(path, this.scratch, ci)) return { behavior: 'allow', reason: "reading this session's scratch folder", by: 'mode', suggestions: [] };
    if (this.mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode', by: 'mode', suggestions: [] };

    const inside = ctx.roots.some((r) => isWithin(path, r, ci));
    // A bare rule (`Edit`) covers the workspace; only a rule that names a path opens one outside it.
    const allow = this.lists.allow.find((r) => applies(r) && (r.spec === undefined ? inside : matches(r, path, ctx.cwd)));
    if (allow) return rule('allow', allow, `allowed by rule ${formatRule(allow)}`);
    const suggest = async () => {
      const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
      return [fileSuggestion(access === 'read' ? 'Read' : 'Edit', path, isDir, ctx.cwd, ci)];
    };
    if (!inside) return { behavior: 'ask', reason: `${path} is outside the workspace`, by: 'mode', suggestions: await suggest() };
    if (access === 'read') return { behavior: 'allow', reason: 'reading inside the workspace', by: 'mode', suggestions: [] };
    if (this.mode === 'acceptEdits') return { behavior: 'allow', reason: 'acceptEdits mode allows edits inside the workspace', by: 'mode', suggestions: [] };
    if (this.mode === 'default' && reviewed) return { behavior: 'allow', reason: 'the edit is shown to the user for review before it is applied', by: 'mode', suggestions: [] };
    return { behavior: 'ask', reason: `writing ${path} needs approval`, by: 'mode', suggestions: await suggest() };
  }
}

/** The folder a path rule's glob lives in (its literal leading part), or undefined when it matches at any depth. */
function ruleRoot(spec: string, base: string, home: string): string | undefined {
  let pattern = spec.startsWith('./') ? spec.slice(2) : spec;
  let anchor = base;
  if (pattern.startsWith('//')) [pattern, anchor] = [pattern.slice(2), '/'];
  else if (pattern === '~' || pattern.startsWith('~/')) [pattern, anchor] = [pattern.slice(2), home];
  else if (pattern.startsWith('/')) pattern = pattern.slice(1);
  else if (!pattern.replace(/\/+$/, '').includes('/')) return undefined;
  const literal: string[] = [];
  for (const part of pattern.split('/')) {
    if (/[*?[\]{}!]/.test(part)) break;
    literal.push(part);
  }
  return join(anchor, ...literal);
}
