// Every git process Tandem starts itself (the environment facts, checkpoints, @git mentions) runs
// through here, with configuration that cannot execute anything: a repository's .git/config can
// name programs git runs on its own (core.fsmonitor on every status, diff.external, textconv and
// clean/smudge filters, pagers, hooks, ssh and credential helpers). Those are switched off on the
// command line, which beats every configuration file; diff programs by --no-ext-diff/--no-textconv;
// filters have names only the configuration knows, so it is read first (reading configuration runs
// nothing) and each is blanked.
import { execFile } from 'node:child_process';

/** Settings that name programs, off whatever the configuration files say. */
const OFF = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.editor=false',
  'sequence.editor=false',
  'core.sshCommand=false',
  'core.askPass=false',
  'core.gitProxy=',
  'core.alternateRefsCommand=',
  'credential.helper=',
  'gpg.program=false',
  'interactive.diffFilter=',
  'protocol.ext.allow=never',
];

/** Variables that name programs git would run, or configuration it would add: removed. */
const DROPPED_ENV = /^(GIT_(EXTERNAL_DIFF|PAGER|EDITOR|SEQUENCE_EDITOR|SSH|SSH_COMMAND|ASKPASS|PROXY_COMMAND|EXEC_PATH|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+|TEMPLATE_DIR)|SSH_ASKPASS|PAGER)$/;

/** The environment for Tandem's own git: no system configuration, no prompts, no optional locks. */
export function safeGitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!DROPPED_ENV.test(k)) env[k] = v;
  return { ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

/** The global options that switch the fixed settings off (before the subcommand). */
export function safeGitOptions(): string[] {
  return ['--no-pager', '--no-optional-locks', ...OFF.flatMap((c) => ['-c', c])];
}

export interface GitRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface GitRunOptions {
  input?: string;
  timeoutMs?: number;
  maxBuffer?: number;
}

function spawnGit(cwd: string, args: string[], o: GitRunOptions = {}): Promise<GitRun> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      ['-C', cwd, ...safeGitOptions(), ...args],
      { encoding: 'buffer', maxBuffer: o.maxBuffer ?? 512 * 1024 * 1024, timeout: o.timeoutMs ?? 0, windowsHide: true, env: safeGitEnv() },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout: stdout ?? Buffer.alloc(0), stderr: stderr?.toString() || (err ? String(err.message) : '') });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(o.input ?? '');
  });
}

export interface ConfigEntry {
  /** system, global, local, worktree or command (git ≥ 2.26). */
  scope: string;
  /** Lower-case section and variable, the subsection as written: `filter.lfs.clean`. */
  key: string;
  value: string;
}

/** Every configuration entry git sees in `cwd` (includes followed), read without running anything. */
export async function gitConfigEntries(cwd: string): Promise<ConfigEntry[] | undefined> {
  const r = await spawnGit(cwd, ['config', '--null', '--includes', '--show-scope', '--list'], { timeoutMs: 10_000 });
  if (r.code !== 0) return undefined;
  const fields = r.stdout.toString('utf8').split('\0');
  const out: ConfigEntry[] = [];
  // With --null: "scope\0key\nvalue\0" per entry.
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const nl = fields[i + 1].indexOf('\n');
    const key = nl < 0 ? fields[i + 1] : fields[i + 1].slice(0, nl);
    out.push({ scope: fields[i], key, value: nl < 0 ? '' : fields[i + 1].slice(nl + 1) });
  }
  return out;
}

/** Filters have names only the configuration knows (filter.X.clean): an empty value turns one off. */
const FILTER = /^filter\..+\.(clean|smudge|process)$/i;

/** Subcommands that take --no-ext-diff and --no-textconv: external diff programs and textconv drivers off. */
const DIFF_FAMILY = new Set(['diff', 'log', 'show', 'diff-tree', 'diff-index', 'diff-files', 'whatchanged', 'format-patch']);

/**
 * Subcommands that never convert a file's content (they read refs, objects' names, the index's paths
 * or ignore files), so no clean/smudge filter can run: for them the configuration is not read first,
 * which saves a process (checkpoints ask `rev-parse` before every Bash command).
 */
const NO_CONTENT = new Set(['rev-parse', 'symbolic-ref', 'show-ref', 'for-each-ref', 'merge-base', 'check-ignore']);

/**
 * Runs git in `cwd` so that nothing its configuration names can run. Never rejects: a failure to
 * start is code -1.
 */
export async function runGit(cwd: string, args: string[], o: GitRunOptions = {}): Promise<GitRun> {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += args[i] === '-c' || args[i] === '-C' ? 2 : 1;
  const sub = args[i];
  const entries = NO_CONTENT.has(sub) ? [] : ((await gitConfigEntries(cwd)) ?? []);
  const blank = [...new Set(entries.filter((e) => FILTER.test(e.key)).map((e) => e.key))].flatMap((k) => ['-c', `${k}=`]);
  const noDrivers = DIFF_FAMILY.has(sub) ? ['--no-ext-diff', '--no-textconv'] : sub === 'grep' || sub === 'blame' ? ['--no-textconv'] : [];
  return spawnGit(cwd, [...blank, ...args.slice(0, i + 1), ...noDrivers, ...args.slice(i + 1)], o);
}
