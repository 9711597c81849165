// Programs that run other programs or shell code hidden in their arguments, checked on the
// normalized argv after wrappers are peeled off. Each check adds reasons to ask, scripts to analyse
// (bash -c, eval, trap) and commands to list (find -exec), so deny rules see them too.
import { clip, noFindings, type Findings } from './findings';
import { checkGit } from './git';
import { checkInterpreter, checkShell, isShell } from './interpreters';
import { hasOption, optionsNamed, scanOptions } from './options';
import { checkAwk, checkSed } from './sedAwk';
import { programName } from './unwrap';
import type { Word } from './words';

/**
 * Variables that decide which program runs, what it loads or which configuration it reads: set in
 * front of a command, through env, or in the shell itself (where they outlive this command).
 */
const RISKY_VARIABLE = new RegExp(
  '^(PATH|LD_\\w+|DYLD_\\w+|BASH_ENV|ENV|PROMPT_COMMAND|PS[0-4]|IFS|SHELLOPTS|BASHOPTS|CDPATH|GLOBIGNORE|BASH_XTRACEFD|HOME|' +
    'XDG_CONFIG_HOME|PAGER|MANPAGER|SYSTEMD_PAGER|LESSOPEN|LESSCLOSE|EDITOR|VISUAL|SUDO_EDITOR|BROWSER|SSH_ASKPASS|SUDO_ASKPASS|' +
    'NODE_OPTIONS|NODE_PATH|NPM_CONFIG_\\w+|npm_config_\\w+|PYTHONSTARTUP|PYTHONPATH|PYTHONHOME|PERL5OPT|PERL5LIB|PERLLIB|RUBYOPT|' +
    'RUBYLIB|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|RIPGREP_CONFIG_PATH|GIT_(PAGER|EDITOR|SEQUENCE_EDITOR|SSH|SSH_COMMAND|EXTERNAL_DIFF|' +
    'CONFIG\\w*|EXEC_PATH|ASKPASS|PROXY_COMMAND|TEMPLATE_DIR|DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES))$',
);

export const riskyVariable = (name: string) => RISKY_VARIABLE.test(name);

/** Variables that change which code an allowed program runs: a rule for the program does not cover them. */
export const HIJACKING_VARS = /^(PATH|LD_\w+|DYLD_\w+|NODE_OPTIONS|NODE_PATH|PYTHON(PATH|HOME|STARTUP)|PERL5(OPT|LIB)|RUBY(OPT|LIB)|BASH_ENV|ENV|SHELLOPTS|BASHOPTS|IFS|PROMPT_COMMAND|PS4|GIT_\w+|PAGER|MANPAGER|EDITOR|VISUAL|BROWSER|\w*ASKPASS|NPM_CONFIG_\w+|RUSTC_WRAPPER|CC|CXX|LESSOPEN|LESSCLOSE|HOME|ZDOTDIR|XDG_CONFIG_HOME)$/i;

/** A variable whose value, carried in the shell's environment, changes what later commands run. */
export const changesWhatRuns = (name: string) => riskyVariable(name) || HIJACKING_VARS.test(name);

type Check = (name: string, args: Word[], f: Findings) => void;

/** How eval and watch make one script of their arguments: joined with spaces. */
const joined = (args: Word[]) => args.map((a) => a.text).join(' ');

const fromVariables = (name: string, args: Word[], f: Findings) => {
  if (args.some((a) => !a.literal)) f.reasons.push(`${name} gets arguments from variables, so its options cannot be checked`);
};

const FIND_RUNS = ['-exec', '-execdir', '-ok', '-okdir'];
const FIND_WRITES = ['-fprint', '-fprint0', '-fprintf', '-fls'];

const checkFind: Check = (name, args, f) => {
  fromVariables(name, args, f);
  for (let i = 0; i < args.length; i++) {
    const a = args[i].text;
    if (FIND_RUNS.includes(a)) {
      let end = i + 1;
      while (end < args.length && args[end].text !== ';' && args[end].text !== '+') end++;
      const inner = args.slice(i + 1, end);
      f.reasons.push(`find ${a} runs ${inner[0]?.text ?? 'a command'} on every file it finds`);
      if (inner.length > 0) f.inner.push({ words: inner, via: `find ${a}` });
      i = end;
    } else if (a === '-delete') f.reasons.push('find -delete deletes every file it finds');
    else if (FIND_WRITES.includes(a)) {
      f.reasons.push(`find ${a} writes to a file`);
      if (args[i + 1]) f.writes.push(args[i + 1].text);
    }
  }
};

const checkRg: Check = (name, args, f) => {
  fromVariables(name, args, f);
  const end = args.findIndex((a) => a.text === '--');
  const pre = args.slice(0, end < 0 ? undefined : end).find((a) => /^--pre(-glob)?(=|$)/.test(a.text));
  if (pre) f.reasons.push(`rg ${pre.text.split('=')[0]} runs a program on the files it searches`);
};

const runsFromHistory: Check = (name, args, f) => {
  if (!args.some((a) => a.text.startsWith('-') && a.text.includes('l'))) f.reasons.push(`${name} runs commands again from the history`);
};

const CHECKS: Record<string, Check> = {
  eval: (_name, args, f) => {
    f.reasons.push('eval runs its arguments as a new command');
    if (args.length > 0) f.scripts.push({ text: joined(args), via: 'eval', replaces: false, dynamic: !args.every((a) => a.literal) });
  },
  source: (name, args, f) => f.reasons.push(`${name} runs the script ${clip(args[0]?.text ?? '')} in this shell, which cannot be checked`),
  '.': (name, args, f) => CHECKS.source(name, args, f),
  find: checkFind,
  rg: checkRg,
  git: (_name, args, f) => checkGit(args, f),
  sed: (_name, args, f) => checkSed(args, f),
  gsed: (_name, args, f) => checkSed(args, f),
  awk: checkAwk,
  gawk: checkAwk,
  mawk: checkAwk,
  nawk: checkAwk,
  alias: (_name, args, f) => {
    if (args.some((a) => a.text.includes('='))) f.reasons.push('alias makes a command name stand for other commands');
  },
  trap: (_name, args, f) => {
    const o = scanOptions(args, {});
    const action = o.operands.length >= 2 ? o.operands[0] : undefined;
    if (action && action.text !== '-' && action.text !== '') {
      f.reasons.push(`trap sets ${clip(action.text, 40)} to run when a signal arrives`);
      f.scripts.push({ text: action.text, via: 'trap', replaces: false, dynamic: !action.literal });
    }
  },
  fc: runsFromHistory,
  hash: (_name, args, f) => {
    if (args.some((a) => /^-\w*p/.test(a.text))) f.reasons.push('hash -p changes which program a command name runs');
  },
  enable: (_name, args, f) => {
    if (args.some((a) => !['-p', '-a', '-s'].includes(a.text))) f.reasons.push('enable loads or switches shell builtins');
  },
  shopt: (_name, args, f) => {
    if (args.some((a) => a.text === 'expand_aliases') && args.some((a) => a.text === '-s')) f.reasons.push('shopt -s expand_aliases turns aliases on');
  },
  watch: (_name, args, f) => {
    const o = scanOptions(args, { shortValue: 'nq', longValue: ['--interval'] });
    if (o.operands.length === 0) return;
    if (hasOption(o, '-x', '--exec')) f.inner.push({ words: o.operands, via: 'watch' });
    else f.scripts.push({ text: joined(o.operands), via: 'watch', replaces: true, dynamic: !o.operands.every((a) => a.literal) });
  },
  parallel: (_name, _args, f) => f.reasons.push('parallel runs commands built from its input'),
  su: (_name, args, f) => {
    f.reasons.push('su runs commands as another user');
    const o = scanOptions(args, { shortValue: 'cgGs', longValue: ['--command', '--group', '--supp-group', '--shell', '--session-command'] });
    for (const c of optionsNamed(o, '-c', '--command', '--session-command')) {
      if (c.value) f.scripts.push({ text: c.value.text, via: 'su -c', replaces: false, dynamic: !c.value.literal });
    }
  },
  coproc: (_name, _args, f) => f.reasons.push('coproc runs a command the parser does not read'),
  let: (_name, _args, f) => f.reasons.push('let evaluates arithmetic, which can run commands hidden in variables'),
  mapfile: (name, args, f) => {
    if (args.some((a) => /^-\w*C/.test(a.text))) f.reasons.push(`${name} -C runs a callback command`);
  },
  compgen: (name, args, f) => {
    if (args.some((a) => /^-\w*[CF]/.test(a.text))) f.reasons.push(`${name} -C/-F runs a command or function`);
  },
};
CHECKS.readarray = CHECKS.mapfile;
CHECKS.complete = CHECKS.compgen;
// `declare 'a[$(cmd)]=1'` evaluates the subscript, quotes or not; `declare -n x=PATH` makes x=... set PATH.
for (const decl of ['declare', 'typeset', 'local', 'export', 'readonly']) {
  CHECKS[decl] = (name, args, f) => {
    if (args.some((a) => /\[.*[$`]/.test(a.text))) f.reasons.push(`${name} evaluates an array subscript that can run a command`);
    if (decl !== 'export' && args.some((a) => /^-[a-zA-Z]*n/.test(a.text))) f.reasons.push(`${name} -n makes a name stand for another variable`);
    // `X=...` is seen as an assignment; `export X` hands a value set some other way to every later command.
    const exports = decl === 'export' || args.some((a) => /^-[a-zA-Z]*x/.test(a.text));
    const risky = exports ? args.find((a) => !a.text.startsWith('-') && !a.text.includes('=') && changesWhatRuns(a.text)) : undefined;
    if (risky) f.reasons.push(`${name} exports ${risky.text}, which changes what later commands run`);
  };
}
// Builtins that assign the variables they are given: `read PATH < file` sets PATH as surely as PATH=... does.
for (const setter of ['read', 'mapfile', 'readarray', 'getopts', 'printf']) {
  const previous = CHECKS[setter];
  CHECKS[setter] = (name, args, f) => {
    previous?.(name, args, f);
    const risky = args.find((a) => riskyVariable(a.text));
    if (risky) f.reasons.push(`${name} sets ${risky.text}, which changes what later commands run`);
  };
}

/** What running these words (an unwrapped simple command) may do besides the obvious. */
export function checkProgram(words: Word[]): Findings {
  const f = noFindings();
  const name = programName(words[0].text);
  const args = words.slice(1);
  if (isShell(name)) checkShell(name, args, f);
  else if (!checkInterpreter(name, args, f) && Object.hasOwn(CHECKS, name)) CHECKS[name](name, args, f);
  return f;
}
