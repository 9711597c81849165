// Which settings of a repository's own configuration (.git/config, the files it includes, the
// worktree's config.worktree) make git run a program: with any of them, no git command the model
// asks for is read-only (`git status` runs core.fsmonitor, `git diff` runs diff.external and
// textconv drivers, `git log` a pager…), so the permission engine asks.
import type { ConfigEntry } from './safeGit';

/** Settings whose value is a program (or turns one on). Keys are matched case-insensitively. */
const RUNS_PROGRAM = new RegExp(
  '^(' +
    [
      'core\\.(fsmonitor|hookspath|pager|sshcommand|editor|askpass|gitproxy|alternaterefscommand)',
      'diff\\.external',
      'diff\\..+\\.(textconv|command)',
      'filter\\..+\\.(clean|smudge|process)',
      'merge\\..+\\.driver',
      '(diff|merge)tool\\..+\\.(cmd|path)',
      'pager\\..+',
      'alias\\..+',
      'gpg\\.program',
      'gpg\\..+\\.program',
      'sequence\\.editor',
      'credential\\.(.+\\.)?helper',
      'uploadpack\\.packobjectshook',
      'remote\\..+\\.(uploadpack|receivepack|vcs)',
      'interactive\\.difffilter',
      'web\\.browser',
      '(browser|man)\\..+\\.(cmd|path)',
      'sendemail\\..+',
      'ssh\\.variant',
    ].join('|') +
    ')$',
  'i',
);

/** Values that mean "off" (or git's own default) for the settings above. */
const HARMLESS: Record<string, RegExp> = {
  'core.fsmonitor': /^(false|no|off|0|)$/i,
  'core.pager': /^(cat|)$/,
};

function harmless(e: ConfigEntry): boolean {
  const key = e.key.toLowerCase();
  if (HARMLESS[key]) return HARMLESS[key].test(e.value.trim());
  if (key.startsWith('pager.')) return /^(false|no|off|0|true|yes|on|1|cat)$/i.test(e.value.trim());
  // Only an alias starting with ! runs a shell command; others stand for git's own commands.
  if (key.startsWith('alias.')) return !e.value.trim().startsWith('!');
  return false;
}

/**
 * The repository's settings that make git run a program, as `key=value`. Only the repository's own
 * scopes count: the user's ~/.gitconfig and the system's are theirs, not the repository's.
 * Included files show up in the scope that includes them.
 */
export function programSettings(entries: ConfigEntry[]): string[] {
  return entries
    .filter((e) => (e.scope === 'local' || e.scope === 'worktree') && RUNS_PROGRAM.test(e.key) && !harmless(e))
    .map((e) => `${e.key}=${e.value}`);
}
