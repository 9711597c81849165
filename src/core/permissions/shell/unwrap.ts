// Peels off the programs that only run another program (env, sudo, timeout, nice, nohup, command,
// builtin, time, stdbuf, ionice, setsid, xargs, exec, busybox): the command a rule is matched
// against is the one they run, and the wrappers are recorded. Some wrappers ask on their own
// (sudo: another user; xargs: arguments from input; exec: replaces the shell).
import { hasOption, optionsNamed, scanOptions, type OptionGrammar, type ScannedOptions } from './options';
import { tokenWord, type Word } from './words';

export interface Unwrapped {
  /** The innermost command's words. */
  words: Word[];
  /** The wrappers as written, outermost first. */
  wrappers: string[];
  /** NAME=value words given to env or sudo (names only). */
  assignments: string[];
  reasons: string[];
  writes: string[];
}

interface WrapperSpec {
  grammar: OptionGrammar;
  /** Operands before the command (timeout's duration). */
  leading?: number;
  /** NAME=value words before the command are assignments (env, sudo). */
  assignments?: boolean;
  /** Why running a command through this wrapper asks ({cmd} is the command's name). */
  asks?: string;
  /** Why using it without a command asks (sudo -v). */
  asksAlone?: string;
  /** With these options no command follows, or it cannot be followed: '' stops quietly, text asks. */
  stop?: (o: ScannedOptions) => string | undefined;
  writes?: (o: ScannedOptions) => string[];
  /** The command it runs when none is given (xargs runs echo). */
  fallback?: string;
}

const WRAPPERS: Record<string, WrapperSpec> = {
  env: {
    grammar: { shortValue: 'uCSP', longValue: ['--unset', '--chdir', '--split-string'] },
    assignments: true,
    stop: (o) => (hasOption(o, '-S', '--split-string') ? 'env -S splits a string into a command line, which cannot be checked' : undefined),
  },
  sudo: {
    grammar: {
      shortValue: 'ugCDhprtTUc',
      longValue: ['--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--command-timeout', '--other-user', '--login-class'],
    },
    assignments: true,
    asks: 'sudo runs {cmd} with administrator rights',
    asksAlone: 'sudo uses administrator rights',
    stop: (o) => (hasOption(o, '-e', '--edit') ? 'sudo -e edits files with administrator rights' : undefined),
  },
  doas: { grammar: { shortValue: 'uC' }, asks: 'doas runs {cmd} with administrator rights', asksAlone: 'doas uses administrator rights' },
  timeout: { grammar: { shortValue: 'sk', longValue: ['--signal', '--kill-after'] }, leading: 1 },
  nice: { grammar: { shortValue: 'n', longValue: ['--adjustment'] } },
  nohup: { grammar: {} },
  command: { grammar: {}, stop: (o) => (hasOption(o, '-v', '-V') ? '' : undefined) },
  builtin: { grammar: {} },
  time: {
    grammar: { shortValue: 'fo', longValue: ['--format', '--output'] },
    writes: (o) => optionsNamed(o, '-o', '--output').flatMap((x) => (x.value ? [x.value.text] : [])),
  },
  stdbuf: { grammar: { shortValue: 'ioe', longValue: ['--input', '--output', '--error'] } },
  ionice: {
    grammar: { shortValue: 'cnpPu', longValue: ['--class', '--classdata', '--pid', '--pgid', '--uid'] },
    stop: (o) => (hasOption(o, '-p', '-P', '-u', '--pid', '--pgid', '--uid') ? '' : undefined),
  },
  setsid: { grammar: {} },
  busybox: { grammar: {} },
  xargs: {
    grammar: {
      shortValue: 'adEILnPs',
      shortAttached: 'eil',
      longValue: ['--arg-file', '--delimiter', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
    },
    asks: 'xargs runs {cmd} with arguments read from its input',
    fallback: 'echo',
  },
  exec: { grammar: { shortValue: 'a' }, asks: 'exec replaces the shell with {cmd}' },
};

/** The program's name as a rule sees it: the last path component (/usr/bin/env is env). */
export function programName(text: string): string {
  return text.slice(text.lastIndexOf('/') + 1);
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function unwrap(words: Word[]): Unwrapped {
  const out: Unwrapped = { words, wrappers: [], assignments: [], reasons: [], writes: [] };
  // "sudo runs {cmd}" names the innermost command, known only once every wrapper is peeled off.
  const pending: string[] = [];
  const done = () => {
    out.reasons.push(...pending.map((r) => r.replace('{cmd}', out.words[0].text)));
    return out;
  };
  for (let depth = 0; depth < 16; depth++) {
    const head = out.words[0];
    const spec = head?.literal && Object.hasOwn(WRAPPERS, programName(head.text)) ? WRAPPERS[programName(head.text)] : undefined;
    if (!spec) return done();
    const scanned = scanOptions(out.words.slice(1), spec.grammar);
    const stop = spec.stop?.(scanned);
    if (stop !== undefined) {
      if (stop) out.reasons.push(stop);
      return done();
    }
    let inner = scanned.operands.slice(spec.leading ?? 0);
    const assigned: string[] = [];
    while (spec.assignments && inner.length > 0 && ASSIGNMENT.test(inner[0].text)) {
      assigned.push(inner[0].text.slice(0, inner[0].text.indexOf('=')));
      inner = inner.slice(1);
    }
    if (inner.length === 0 && spec.fallback) inner = [tokenWord(head.node, spec.fallback)];
    if (inner.length === 0) {
      // `env` prints the environment, `nice` its niceness, `exec 3>file` only redirects.
      if (spec.asksAlone) out.reasons.push(spec.asksAlone);
      return done();
    }
    out.wrappers.push(head.text);
    out.assignments.push(...assigned);
    out.writes.push(...(spec.writes?.(scanned) ?? []));
    if (spec.asks) pending.push(spec.asks);
    out.words = inner;
  }
  out.reasons.push('has more nested wrappers than the analysis follows');
  return done();
}
