// The Bash side of the engine. The shell analysis splits a command into simple commands; each must
// be allowed on its own (a known read-only command, or an allow rule matching its normalized argv),
// every deny rule is checked against every one of them, redirect targets pass the file checks as
// writes, and anything the analysis could not vouch for asks. Nothing allowed early skips a check.
import { basename, isAbsolute, resolve } from 'node:path';
import type { Access, Verdict } from './verdict';
import { destructiveGit, ruleNamesOperation } from './gitSafety';
import { gitDirOption } from './gitWrites';
import { globOptions, namedPaths, type GlobOptions } from './globExpansion';
import { recursiveReadDirs } from './recursiveReads';
import type { DefinitionChanges } from './definitions';
import { formatRule } from './modes';
import { canonicalPath, expandHome, isWithin } from './paths';
import { readOnlyCommand } from './readOnlyCommands';
import { argvMatches, specWords } from './bashRules';
import { commandMatches } from './rules';
import type { Rule } from './rules';
import { HIJACKING_VARS } from './shell/dangers';
import { clip } from './shell/findings';
import type { ShellAnalysis, SimpleCommand } from './shell/types';
import { commandSuggestion, exactCommandSuggestion } from './suggestions';
import { argumentChecks } from './argumentChecks';
import { verdict } from './commandCheck';
import type { CommandCheck, Where } from './commandCheck';

export type { CommandCheck } from './commandCheck';

const PLAN_REASON = 'plan mode is read-only: present a plan instead of changing anything';


/** Redirect targets that are not files. */
const DEVICE = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;

/** The forms a deny rule is checked against: the argv, with its program's bare name, and with each wrapper. */
function denyForms(sc: SimpleCommand): string[][] {
  const forms = [sc.argv];
  if (sc.argv[0]?.includes('/')) forms.push([basename(sc.argv[0]), ...sc.argv.slice(1)]);
  for (const w of sc.wrappers) forms.push([w, ...sc.argv]);
  return forms;
}

/** For each simple command, in order, where it may run (a cd earlier in the line moves the rest). */
function directories(analysis: ShellAnalysis, cwd: string, home: string, startUnknown = false): Where[] {
  let cwds = [cwd];
  let unknownCwd = startUnknown;
  return analysis.commands.map((sc) => {
    const here = { cwds: [...cwds], unknownCwd };
    if (['cd', 'pushd', 'popd'].includes(sc.argv[0] ?? '')) {
      const target = sc.argv[0] === 'cd' ? (sc.argv.filter((a, i) => i > 0 && !a.startsWith('-'))[0] ?? '~') : undefined;
      if (target === undefined || /[$`*?[]/.test(expandHome(target, home))) unknownCwd = true;
      else cwds = [...new Set([...cwds, ...cwds.map((d) => resolve(d, expandHome(target, home)))])];
    }
    return here;
  });
}

interface FileUse extends Where {
  access: Access;
  path: string;
  /** The glob bash expands the path with; null when what it becomes is only known at run time. */
  pattern?: string | null;
}

/** Every file a command reads (read-only commands' operands, `<`) or writes (redirects), in order. */
function fileUses(analysis: ShellAnalysis, where: Where[]): FileUse[] {
  const uses: FileUse[] = [];
  const seenWrites = new Set<string>();
  analysis.commands.forEach((sc, i) => {
    for (const r of sc.redirects) {
      if (r.writes) {
        seenWrites.add(r.target);
        uses.push({ access: 'write', path: r.target, pattern: r.pattern, ...where[i] });
      } else if (/^\d*<$/.test(r.op)) uses.push({ access: 'read', path: r.target, pattern: r.pattern, ...where[i] });
    }
    const ro = readOnlyCommand(sc);
    if (ro.readOnly) for (const p of ro.paths) uses.push({ access: 'read', path: p, pattern: sc.globs?.[p], ...where[i] });
  });
  // Writes the analysis found inside programs (sed -i, ...): relative to any directory seen.
  const everywhere: Where = { cwds: [...new Set(where.flatMap((w) => w.cwds))], unknownCwd: where.some((w) => w.unknownCwd) };
  for (const w of analysis.writes) {
    const patterns = analysis.commands.map((sc) => sc.globs?.[w]).filter((p) => p !== undefined);
    if (!seenWrites.has(w)) uses.push({ access: 'write', path: w, pattern: patterns.includes(null) ? null : patterns[0], ...everywhere });
  }
  return uses;
}

/** Commands that only move the shell or say where it is. */
const MOVES = new Set(['cd', 'pushd', 'popd', 'pwd', 'dirs']);

/**
 * A command that runs outside the workspace, or in a folder only known at run time, reads that
 * folder's configuration and files (npm test runs that folder's scripts): it asks whatever rule
 * allows the program. Moving the shell itself does not.
 */
async function placeChecks(analysis: ShellAnalysis, where: Where[], c: CommandCheck): Promise<Verdict[]> {
  const out: Verdict[] = [];
  for (const [i, sc] of analysis.commands.entries()) {
    if (MOVES.has(sc.argv[0] ?? '')) continue;
    if (where[i].unknownCwd) {
      out.push(verdict('ask', `\`${sc.text}\` runs in a folder that is only known when the command runs`));
      continue;
    }
    for (const dir of where[i].cwds) {
      const real = await canonicalPath(dir, '/', c.ctx.home);
      if (!c.ctx.roots.some((r) => isWithin(real, r, c.ctx.caseInsensitive))) out.push(verdict('ask', `\`${sc.text}\` runs in ${real}, outside the workspace`));
    }
  }
  return out;
}

/**
 * A repository's own configuration can make any git command run a program (core.fsmonitor on
 * status, diff.external on diff, a pager on log): then no git command there is read-only, and no
 * rule for git vouches for it.
 */
async function gitConfigChecks(analysis: ShellAnalysis, where: Where[], c: CommandCheck): Promise<Verdict[]> {
  const out: Verdict[] = [];
  for (const [i, sc] of analysis.commands.entries()) {
    if (basename(sc.argv[0] ?? '') !== 'git' || where[i].unknownCwd) continue;
    const dashC = gitDirOption(sc.argv);
    if (dashC !== undefined && /[$`*?[]/.test(dashC)) continue; // asked about as a path already
    for (const dir of where[i].cwds) {
      const settings = await c.gitSettings(dashC === undefined ? dir : resolve(dir, expandHome(dashC, c.ctx.home)));
      if (settings.length) out.push(verdict('ask', `\`${sc.text}\`: this repository's git configuration runs programs (${settings.map((x) => clip(x, 60)).join(', ')}), so git commands here are not read-only`));
    }
  }
  return out;
}

/** A command that reads everything below a folder holding a path a Read deny rule covers asks. */
async function recursiveReadChecks(analysis: ShellAnalysis, where: Where[], c: CommandCheck, opts: GlobOptions): Promise<Verdict[]> {
  const out: Verdict[] = [];
  for (const [i, sc] of analysis.commands.entries()) {
    for (const dir of recursiveReadDirs(sc.argv)) {
      const p = expandHome(dir, c.ctx.home);
      const pattern = sc.globs?.[dir];
      const bases = isAbsolute(p) ? [c.cwd] : where[i].cwds;
      const unknown = (why: string) => {
        if (bases.length && c.readDeniedBelow('/')) out.push(verdict('ask', `\`${sc.text}\` reads ${dir} recursively, ${why}, and some paths are denied`));
      };
      if ((!pattern && /[$`*?[]/.test(p)) || (!isAbsolute(p) && where[i].unknownCwd)) {
        unknown('a place only known when it runs');
        continue;
      }
      for (const b of bases) {
        const named = pattern ? await namedPaths(dir, pattern, b, c.ctx.home, opts) : { paths: [p] };
        if ('unknown' in named) {
          unknown(named.unknown);
          continue;
        }
        for (const one of named.paths) {
          const abs = await canonicalPath(one, b, c.ctx.home);
          if (c.readDeniedBelow(abs)) out.push(verdict('ask', `\`${sc.text}\` reads everything below ${abs}, which holds paths a deny rule for Read covers`));
        }
      }
    }
  }
  return out;
}

/** Past this many files needing approval, one line says how many more. */
const LISTED_ASKS = 5;

/** The file checks for one use: one per directory it may be relative to, and per file a glob names; an unknowable path asks. */
async function checkUse(u: FileUse, c: CommandCheck, opts: GlobOptions): Promise<Verdict[]> {
  const p = expandHome(u.path, c.ctx.home);
  if (DEVICE.test(p)) return [];
  const what = u.access === 'write' ? 'writes to' : 'reads';
  if (u.pattern === null || (!u.pattern && /[$`*?[]/.test(p))) return [verdict('ask', `it ${what} ${u.path}, a path only known when the command runs`)];
  if (!isAbsolute(p) && u.unknownCwd) return [verdict('ask', `it ${what} ${u.path} after changing to a directory that is only known when the command runs`)];
  const dirs = isAbsolute(p) ? [c.cwd] : u.cwds;
  if (!u.pattern) return Promise.all(dirs.map((d) => c.file(u.access, p, d)));
  const out: Verdict[] = [];
  for (const d of dirs) {
    const named = await namedPaths(u.path, u.pattern, d, c.ctx.home, opts);
    if ('unknown' in named) {
      out.push(verdict('ask', `it ${what} ${u.path}: ${named.unknown}`));
      continue;
    }
    const verdicts = await Promise.all(named.paths.map((path) => c.file(u.access, path, d)));
    const deny = verdicts.find((v) => v.behavior === 'deny');
    if (deny) return [{ ...deny, reason: `${u.path} names a file: ${deny.reason}` }];
    const asks = verdicts.filter((v) => v.behavior === 'ask');
    out.push(...asks.slice(0, LISTED_ASKS));
    if (asks.length > LISTED_ASKS) out.push(verdict('ask', `${u.path} names ${asks.length - LISTED_ASKS} more files that need approval`));
  }
  return out;
}

export async function decideCommand(command: string, c: CommandCheck): Promise<Verdict> {
  const bareDeny = c.rules('deny').find((r) => r.spec === undefined);
  if (bareDeny) return verdict('deny', `denied by rule ${formatRule(bareDeny)}`, 'rule', formatRule(bareDeny));
  let analysis: ShellAnalysis;
  try {
    analysis = await c.analyze(command);
  } catch (err) {
    // Without an analysis, deny rules still see the raw words, and everything else asks.
    const deny = c.rules('deny').find((r) => r.spec !== undefined && commandMatches(r.spec, command, true));
    if (deny) return verdict('deny', `denied by rule ${formatRule(deny)}`, 'rule', formatRule(deny));
    if (c.mode === 'plan') return verdict('deny', `${PLAN_REASON} (the command could not be analysed: ${(err as Error).message})`);
    return verdict('ask', `the command could not be analysed (${(err as Error).message})`);
  }
  const { commands, askReasons } = analysis;

  // 1. Deny rules: every simple command, every form; and the raw words when the analysis is unsure.
  for (const sc of commands) {
    const deny = c.rules('deny').find((r) => denyForms(sc).some((argv) => argvMatches(r.spec, argv)));
    if (deny) return verdict('deny', `denied by rule ${formatRule(deny)} (\`${sc.text}\`)`, 'rule', formatRule(deny));
  }
  if (askReasons.length) {
    const deny = c.rules('deny').find((r) => r.spec !== undefined && commandMatches(r.spec, command, true));
    if (deny) return verdict('deny', `denied by rule ${formatRule(deny)}`, 'rule', formatRule(deny));
  }
  const where = directories(analysis, c.cwd, c.ctx.home, c.cwdUnknown);
  const globs = globOptions(analysis, c.shellEnv);
  const uses = fileUses(analysis, where);
  await c.beforeRun?.(
    where.flatMap((w) => (w.unknownCwd ? [] : w.cwds)),
    uses.filter((u) => u.access === 'write' && !u.unknownCwd).flatMap((u) => u.cwds.map((d) => resolve(d, expandHome(u.path, c.ctx.home)))),
  );
  const fileVerdicts = (await Promise.all(uses.map((u) => checkUse(u, c, globs)))).flat();
  fileVerdicts.push(...(await recursiveReadChecks(analysis, where, c, globs)));
  const fileDeny = fileVerdicts.find((v) => v.behavior === 'deny');
  if (fileDeny) return fileDeny;

  // 2. Plan mode runs known read-only commands that write nothing, and nothing else.
  const readOnly = commands.map((sc) => ({ sc, ro: readOnlyCommand(sc) }));
  const askRule = c.rules('ask').find((r) => commands.some((sc) => argvMatches(r.spec, sc.argv)));
  if (c.mode === 'plan') {
    const why = [
      ...askReasons,
      ...readOnly.flatMap(({ sc, ro }) => (ro.readOnly ? [] : [`\`${sc.text}\`: ${ro.why}`])),
      ...([...analysis.writes, ...commands.flatMap((sc) => sc.redirects.filter((r) => r.writes).map((r) => r.target))].some((t) => !DEVICE.test(t)) ? ['it writes files'] : []),
    ];
    if (why.length) return verdict('deny', `${PLAN_REASON} (${why.join('; ')})`);
  }
  if (askRule) return verdict('ask', `rule ${formatRule(askRule)} asks`, 'rule', formatRule(askRule));
  const argumentVerdicts = await argumentChecks(analysis, where, c, globs);
  const argumentDeny = argumentVerdicts.find((v) => v.behavior === 'deny');
  if (argumentDeny && c.mode !== 'plan') return argumentDeny;
  const placeAsks = c.mode === 'bypassPermissions' ? [] : [...(await placeChecks(analysis, where, c)), ...(await gitConfigChecks(analysis, where, c))];
  const fileAsks = [...fileVerdicts.filter((v) => v.behavior === 'ask'), ...argumentVerdicts.filter((v) => v.behavior === 'ask'), ...placeAsks];
  if (c.mode === 'plan') return fileAsks.length ? merge(fileAsks) : verdict('allow', 'plan mode runs read-only commands');

  // 3. bypassPermissions: the file checks already let everything but protected or unknowable paths
  // through; input the parser could not read asks, since no deny rule could be checked against it.
  if (c.mode === 'bypassPermissions') {
    const unread = askReasons.filter((r) => r.startsWith('could not parse'));
    if (unread.length) return verdict('ask', `the command could not be analysed: ${unread.join('; ')}`);
    return fileAsks.length ? merge(fileAsks) : verdict('allow', 'bypassPermissions mode');
  }

  // 4. default and acceptEdits: each simple command on its own, then the files, then the analysis.
  const asks: string[] = [...askReasons];
  const suggestions: string[] = [];
  let decidingRule: string | undefined;
  for (const { sc, ro } of readOnly) {
    if (ro.readOnly) continue;
    const hijack = sc.assignments.find((a) => HIJACKING_VARS.test(a));
    const git = destructiveGit(sc.argv);
    const matching = sc.argv.length && !hijack ? c.rules('allow').filter((r) => argvMatches(r.spec, sc.argv)) : [];
    const names = (r: Rule) => !!git && ruleNamesOperation(r.spec ? specWords(r.spec).words : [], git);
    // A rule that names a destructive operation counts over a broader one that also matches.
    const allow = matching.find(names) ?? matching[0];
    if (!allow) {
      // The analysis names risky variables itself; say it once.
      if (!hijack || !askReasons.some((r) => r.includes(hijack))) asks.push(`\`${sc.text}\`: ${hijack ? `it sets ${hijack}, which changes what the program runs` : ro.why}`);
      if (sc.argv.length && !hijack) suggestions.push(git ? exactCommandSuggestion(sc.argv) : commandSuggestion(sc.argv));
    } else if (git && !names(allow)) {
      asks.push(`${git.what}; ${formatRule(allow)} does not name it, only a rule such as ${exactCommandSuggestion(sc.argv)} does`);
      suggestions.push(exactCommandSuggestion(sc.argv));
    } else decidingRule ??= formatRule(allow);
  }
  for (const v of fileAsks) {
    asks.push(v.reason);
    suggestions.push(...v.suggestions);
  }
  // What the agent rewrote since the user last saw it (a script, a Makefile target, a hook) asks once.
  const defs = await definitionChanges(analysis, where, c);
  asks.push(...defs.reasons);
  if (asks.length === 0) {
    return decidingRule ? verdict('allow', `allowed by rule ${decidingRule}`, 'rule', decidingRule) : verdict('allow', 'only known read-only commands and allowed writes');
  }
  // Whatever the analysis could not vouch for asks every time: no rule would cover it.
  const offer = askReasons.length ? [] : [...new Set(suggestions)];
  const v = verdict('ask', `running \`${command}\` needs approval: ${[...new Set(asks)].join('; ')}`, 'mode', undefined, offer);
  return defs.reasons.length ? { ...v, onApproved: defs.accept } : v;
}

/** The definition changes of every simple command that runs in a known folder, together. */
async function definitionChanges(analysis: ShellAnalysis, where: Where[], c: CommandCheck): Promise<DefinitionChanges> {
  const all: DefinitionChanges[] = [];
  if (c.definitionChanges) {
    for (const [i, sc] of analysis.commands.entries()) {
      if (where[i].unknownCwd || !sc.argv.length) continue;
      for (const dir of where[i].cwds) all.push(await c.definitionChanges(sc.argv, dir));
    }
  }
  return { reasons: [...new Set(all.flatMap((d) => d.reasons))], accept: () => all.forEach((d) => d.accept()) };
}

function merge(vs: Verdict[]): Verdict {
  return verdict('ask', vs.map((v) => v.reason).join('; '), 'mode', undefined, [...new Set(vs.flatMap((v) => v.suggestions))]);
}
