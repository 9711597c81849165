// How Glob and Grep name files in their results: relative to the working folder when inside it (as
// Claude Code lists them), absolute otherwise. The full prefix carries nothing the model does not
// know from its system prompt, yet every later request of the session would send it again for each
// path listed.
import * as path from 'node:path';

/** Strips "<cwd>/" from the start of a result line (a path, or "path:line:text" / "path-line-text"). */
export function relativeToCwd(line: string, cwd: string): string {
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  return line.startsWith(prefix) && line.length > prefix.length ? line.slice(prefix.length) : line;
}
