// Claude Code's managed (organization) memory file and its `claudeMdExcludes` setting, as its
// documentation ("How Claude remembers your project", Manage CLAUDE.md for large teams) has them:
// - the managed CLAUDE.md lives at a fixed place per platform, loads before every other memory
//   file, and cannot be excluded;
// - `claudeMdExcludes` lists paths or glob patterns matched against a memory file's absolute path
//   (for a file reached through a link, either its own path or the link's target); it may be set at
//   any settings level and the lists add up.
import picomatch from 'picomatch';

/** Claude Code's documented managed CLAUDE.md for the platform. */
export function defaultManagedMemoryFile(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode/CLAUDE.md';
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode\\CLAUDE.md';
  return '/etc/claude-code/CLAUDE.md';
}

/** The managed memory file: TANDEM_MANAGED_MEMORY when set (tests, other layouts), else Claude Code's path. */
export function managedMemoryFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.TANDEM_MANAGED_MEMORY || defaultManagedMemoryFile(platform);
}

/** The first pattern of `claudeMdExcludes` that matches one of `paths` (absolute), if any. */
export type ExcludeMatcher = (...paths: string[]) => string | undefined;

export function excludeMatcher(patterns: readonly string[] = [], platform: NodeJS.Platform = process.platform): ExcludeMatcher {
  // On Windows a backslash separates folders; elsewhere it escapes a glob character.
  const windows = platform === 'win32';
  const tests = patterns
    .filter((p) => typeof p === 'string' && p.trim() !== '')
    .map((p) => ({ pattern: p, test: picomatch(windows ? p.replace(/\\/g, '/') : p, { dot: true, windows }) }));
  return (...paths) => {
    for (const path of paths) {
      const posix = windows ? path.replace(/\\/g, '/') : path;
      const hit = tests.find((t) => t.test(posix));
      if (hit) return hit.pattern;
    }
    return undefined;
  };
}
