// Facts about where the agent runs, gathered once when a session starts and put in the system
// prompt, so the model does not spend tool calls asking for the date, the OS or the git state.
import { release, type } from 'node:os';
import { runGit } from '../git/safeGit';

const GIT_TIMEOUT_MS = 2000;
const STATUS_ENTRIES_SHOWN = 20;

export type GitFacts =
  | { isRepo: false }
  | {
      isRepo: true;
      /** Undefined on a detached HEAD. */
      branch: string | undefined;
      /** Tracked files with changes, staged or not. */
      modified: number;
      untracked: number;
      /** The first entries of `git status --porcelain`. */
      status: string[];
      /** How many entries there were in all. */
      statusTotal: number;
    };

export interface EnvironmentFacts {
  platform: NodeJS.Platform;
  /** e.g. "Linux 6.8.0". */
  os: string;
  cwd: string;
  /** Local date, YYYY-MM-DD. */
  date: string;
  git: GitFacts;
}

export async function environmentFacts(opts: { cwd: string; now: Date }): Promise<EnvironmentFacts> {
  return {
    platform: process.platform,
    os: `${type()} ${release()}`,
    cwd: opts.cwd,
    date: localDate(opts.now),
    git: await gitFacts(opts.cwd),
  };
}

function localDate(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** One `git status` gives the branch and the changes; any failure means "not a git repository". */
async function gitFacts(cwd: string): Promise<GitFacts> {
  let out: string;
  try {
    out = await git(cwd, ['-c', 'core.quotepath=false', 'status', '--porcelain', '--branch']);
  } catch {
    // Not a repository, git missing, or too slow (a huge repo): the prompt just says "not a git
    // repository" and the model can still run git itself if it needs to.
    return { isRepo: false };
  }
  const lines = out.split('\n').filter((l) => l.length > 0);
  const header = lines[0]?.startsWith('## ') ? lines.shift()!.slice(3) : '';
  const untracked = lines.filter((l) => l.startsWith('??')).length;
  return {
    isRepo: true,
    branch: parseBranch(header),
    modified: lines.length - untracked,
    untracked,
    status: lines.slice(0, STATUS_ENTRIES_SHOWN),
    statusTotal: lines.length,
  };
}

/** The branch from a porcelain `## ` header: "main...origin/main [ahead 1]", "No commits yet on main", "HEAD (no branch)". */
function parseBranch(header: string): string | undefined {
  if (!header || header.startsWith('HEAD (no branch)')) return undefined;
  const fresh = /^(?:No commits yet|Initial commit) on (.+)$/.exec(header);
  if (fresh) return fresh[1];
  return header.split('...')[0].split(' ')[0] || undefined;
}

/** Through runGit: a repository's configuration cannot make this run anything (core.fsmonitor…). */
async function git(cwd: string, args: string[]): Promise<string> {
  const r = await runGit(cwd, args, { timeoutMs: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  if (r.code !== 0) throw new Error(r.stderr.trim() || `git ${args[0]} failed (${r.code})`);
  return r.stdout.toString('utf8');
}

/** The facts as prompt lines. */
export function formatEnvironment(f: EnvironmentFacts): string {
  const lines = [`- Working directory: ${f.cwd}`, `- Platform: ${f.platform} (${f.os})`, `- Today's date: ${f.date}`];
  if (!f.git.isRepo) {
    lines.push('- Git: not a git repository');
    return lines.join('\n');
  }
  const g = f.git;
  lines.push(`- Git branch: ${g.branch ?? '(detached HEAD)'}`);
  lines.push(`- Git status at session start: ${g.modified} modified, ${g.untracked} untracked`);
  if (g.status.length) {
    const more = g.statusTotal > g.status.length ? `\n... and ${g.statusTotal - g.status.length} more` : '';
    lines.push('```', g.status.join('\n') + more, '```');
  }
  return lines.join('\n');
}
