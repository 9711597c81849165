// Arguments of commands that are not known to only read. A file utility's (cp, mv, rm…) every path
// argument passes the write check, globs expanded where the command runs; any other program's
// arguments that name a protected path ask. sed's script and awk's program are text, not paths.
import { basename, isAbsolute } from 'node:path';
import { verdict } from './commandCheck';
import type { CommandCheck, Where } from './commandCheck';
import { gitWritePaths } from './gitWrites';
import { namedPaths, type GlobOptions } from './globExpansion';
import { expandHome } from './paths';
import { readOnlyCommand } from './readOnlyCommands';
import { awkTextArgs, sedScriptArgs } from './shell/sedAwk';
import type { ShellAnalysis } from './shell/types';
import type { Verdict } from './verdict';

/**
 * Programs that create, change or remove the files their arguments name. A rule such as
 * `Bash(cp:*)` allows the program, not any path: each path argument must also pass the write check
 * (so `cp a /outside/b` or `rm -rf ~/x` asks, and a deny rule for Edit covers it).
 */
const FILE_WRITERS = new Set(['cp', 'mv', 'rm', 'rmdir', 'mkdir', 'touch', 'ln', 'install', 'tee', 'truncate', 'chmod', 'chown', 'chgrp', 'rsync', 'unlink', 'shred', 'dd']);

/**
 * Arguments of a command that is not known to only read: a file utility's paths pass the write
 * check; any other program's arguments that name a protected path (`tee .git/hooks/pre-push`, an
 * installer given ~/.bashrc) ask, in every mode and whatever rule allows the program.
 */
export async function argumentChecks(analysis: ShellAnalysis, where: Where[], c: CommandCheck, opts: GlobOptions): Promise<Verdict[]> {
  const out: Verdict[] = [];
  for (const [i, sc] of analysis.commands.entries()) {
    if (readOnlyCommand(sc).readOnly) continue;
    // git init/clone/worktree add/bundle create/archive -o/format-patch -o write where they point.
    for (const path of gitWritePaths(sc.argv)) {
      if (/[$`*?[]/.test(expandHome(path, c.ctx.home))) out.push(verdict('ask', `\`${sc.text}\` writes to ${path}, a path only known when the command runs`));
      else for (const dir of isAbsolute(expandHome(path, c.ctx.home)) ? [c.cwd] : where[i].cwds) {
        const v = await c.argumentWrite(path, dir);
        if (v.behavior !== 'allow') out.push({ ...v, reason: `\`${sc.text}\` writes to ${path}: ${v.reason}` });
      }
    }
    const writer = FILE_WRITERS.has(basename(sc.argv[0] ?? ''));
    // sed's script and awk's program are not file names (`s/a/b/` run inside .git is not .git/s/a/b); what they run or write is the analysis's to find.
    const program = basename(sc.argv[0] ?? '');
    const scripts = SED.has(program) ? sedScriptArgs(sc.argv.slice(1)) : AWK.has(program) ? awkTextArgs(sc.argv.slice(1)) : new Set<number>();
    for (const [k, arg] of sc.argv.slice(1).entries()) {
      if (scripts.has(k)) continue;
      const word = arg.startsWith('-') ? arg.replace(/^--?[^=]*=?/, '') : arg.replace(/^(if|of)=(?=.)/, '');
      // A glob names the files it matches where the command runs (`rm .git/*`), and itself when none does.
      const pattern = word === arg ? sc.globs?.[arg] : undefined;
      // A file utility's argument that becomes other words only at run time (a brace word the analysis could not expand, a glob with a variable) asks.
      if (writer && pattern === null) {
        out.push(verdict('ask', `\`${sc.text}\` may change ${arg}, a path only known when the command runs`));
        continue;
      }
      if (!word || (!pattern && /[$`*?[]/.test(expandHome(word, c.ctx.home)))) continue;
      if (pattern && !isAbsolute(expandHome(word, c.ctx.home)) && where[i].unknownCwd) continue; // placeChecks asks
      for (const dir of isAbsolute(expandHome(word, c.ctx.home)) ? [c.cwd] : where[i].cwds) {
        const named = pattern ? await namedPaths(word, pattern, dir, c.ctx.home, opts) : { paths: [word] };
        if ('unknown' in named) {
          out.push(verdict('ask', `\`${sc.text}\` names ${word}: ${named.unknown}`));
          continue;
        }
        for (const path of named.paths) {
          if (writer) {
            const v = await c.argumentWrite(path, dir);
            if (v.behavior !== 'allow') out.push({ ...v, reason: `\`${sc.text}\` may change ${path}: ${v.reason}` });
            continue;
          }
          // .env files are protected from the agent's own writes; as arguments (git add .env.example) they are common and harmless.
          if (!/[/~.]/.test(path) || /(^|\/)\.env(\.[^/]*)?$/.test(path)) continue;
          const why = await c.protectedWrite(path, dir);
          if (why) out.push(verdict('ask', `\`${sc.text}\` names a protected path (${why}), so the user is always asked`));
        }
      }
    }
  }
  return out;
}

const SED = new Set(['sed', 'gsed']);
const AWK = new Set(['awk', 'gawk', 'mawk', 'nawk']);
