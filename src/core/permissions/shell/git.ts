// Git runs programs named in its configuration and in its own options: `git -c core.pager=...`,
// aliases (`git st` may be `!rm -rf ~`), --upload-pack, rebase --exec, bisect run, and so on.
// A prefix rule such as `Bash(git log:*)` must not let any of those through.
import { clip, type Findings } from './findings';
import type { Word } from './words';

/** Git's own commands (git --list-cmds=main, plus newer ones): anything else may be an alias. */
const BUILTIN = new Set(`
add am annotate apply archive backfill bisect blame branch bugreport bundle cat-file check-attr check-ignore
check-mailmap check-ref-format checkout checkout-index cherry cherry-pick citool clean clone column commit
commit-graph commit-tree config count-objects credential credential-cache credential-store daemon describe
diagnose diff diff-files diff-index diff-tree difftool fast-export fast-import fetch fetch-pack filter-branch
fmt-merge-msg for-each-ref for-each-repo format-patch fsck fsck-objects gc get-tar-commit-id grep gui hash-object
help hook http-backend http-fetch http-push imap-send index-pack init init-db instaweb interpret-trailers
last-modified log ls-files ls-remote ls-tree mailinfo mailsplit maintenance merge merge-base merge-file
merge-index merge-one-file merge-tree mergetool mktag mktree multi-pack-index mv name-rev notes pack-objects
pack-redundant pack-refs patch-id prune prune-packed pull push range-diff read-tree rebase receive-pack reflog
refs remote repack replace replay request-pull rerere reset restore rev-list rev-parse revert rm send-pack
shortlog show show-branch show-index show-ref sparse-checkout stage stash status stripspace submodule switch
symbolic-ref tag unpack-file unpack-objects update-index update-ref update-server-info upload-archive
upload-pack var verify-commit verify-pack verify-tag version whatchanged worktree write-tree
`.trim().split(/\s+/));

/** Global options that take the next word as their value. */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix', '--list-cmds']);

/** Subcommand options that name a program git runs, or a file git writes (paths of init, clone, archive -o… pass the write check: gitWrites.ts). */
const RUNS: Record<string, RegExp> = {
  clone: /^(-u|--upload-pack|--template|--config|-c)(=|$)/,
  fetch: /^(--upload-pack)(=|$)/,
  pull: /^(--upload-pack)(=|$)/,
  push: /^(--receive-pack|--exec)(=|$)/,
  'ls-remote': /^(--upload-pack)(=|$)/,
  archive: /^(--exec|--remote)(=|$)/,
  rebase: /^(-x|--exec)(=|$)/,
  grep: /^(-O|--open-files-in-pager)/,
  log: /^(--output)(=|$)/,
  show: /^(--output)(=|$)/,
  diff: /^(--output)(=|$)/,
};

/** Subcommands that always run something configured or given: a rule for git cannot vouch for them. */
const ALWAYS_ASK: Record<string, string> = {
  'filter-branch': 'git filter-branch runs shell filters',
  difftool: 'git difftool runs a configured external tool',
  mergetool: 'git mergetool runs a configured external tool',
  instaweb: 'git instaweb starts a web server',
  daemon: 'git daemon starts a server',
};

export function checkGit(args: Word[], f: Findings): void {
  let i = 0;
  for (; i < args.length && args[i].text.startsWith('-'); i++) {
    const a = args[i];
    if (!a.literal) f.reasons.push(`git gets an option from a variable, which cannot be checked: ${clip(a.node.text)}`);
    const name = a.text.split('=')[0];
    if (name === '-c' || name === '--config-env') f.reasons.push(`git ${name} sets configuration that can run programs (pagers, editors, hooks, aliases): ${clip(args[i + 1]?.text ?? a.text)}`);
    if (name === '--exec-path' && a.text.includes('=')) f.reasons.push('git --exec-path changes where git finds the programs it runs');
    if (name === '-p' || name === '--paginate') f.reasons.push('git --paginate runs the configured pager');
    if (GLOBAL_WITH_VALUE.has(a.text)) i++;
  }
  const subWord = args[i];
  if (!subWord) return;
  if (!subWord.literal) {
    f.reasons.push(`the git subcommand comes from a variable: ${clip(subWord.node.text)}`);
    return;
  }
  const sub = subWord.text;
  const rest = args.slice(i + 1);
  if (!BUILTIN.has(sub)) {
    f.reasons.push(`git ${sub} is not a built-in git command: it may be an alias or an external git-${sub} program`);
    return;
  }
  if (ALWAYS_ASK[sub]) f.reasons.push(ALWAYS_ASK[sub]);
  const runs = RUNS[sub];
  const hit = runs && rest.find((a) => runs.test(a.text));
  if (hit) f.reasons.push(`git ${sub} ${hit.text.split('=')[0]} runs a program or writes a file`);
  if (sub === 'config' && !isConfigRead(rest)) f.reasons.push('git config changes settings that can run programs (aliases, pagers, hooks)');
  if (sub === 'bisect' && rest[0]?.text === 'run') f.reasons.push('git bisect run runs a command');
  if (sub === 'submodule' && rest.some((a) => a.text === 'foreach')) f.reasons.push('git submodule foreach runs a command in each submodule');
}

/** `git config --get x`, `git config -l`, `git config get x`: reading only. */
function isConfigRead(rest: Word[]): boolean {
  const words = rest.map((a) => a.text);
  if (['get', 'list'].includes(words[0] ?? '')) return true;
  return words.some((w) => /^(--get|--get-all|--get-regexp|--get-urlmatch|--get-color|--get-colorbool|-l|--list)$/.test(w));
}
