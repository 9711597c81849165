// The user's answer, per project, to "load imports from outside the workspace?" (Claude Code asks
// once per project and remembers a no as well as a yes; its `-p` runs follow that answer). Kept in
// the user's folder, never in the repository: a repository cannot approve its own imports.
import { readJson, writeJsonAtomic } from '../config/settingsFiles';
import { join, resolve } from 'node:path';
import { realpathSync } from 'node:fs';

export function externalImportsFile(userDir: string): string {
  return join(userDir, 'memory-external-imports.json');
}

function projectKey(projectDir: string): string {
  try {
    return realpathSync(projectDir);
  } catch {
    return resolve(projectDir);
  }
}

/** true: allowed; false: declined; undefined: never asked. */
export function externalImportsDecision(userDir: string, projectDir: string): boolean | undefined {
  const { value } = readJson(externalImportsFile(userDir));
  const answer = (value as Record<string, unknown> | undefined)?.[projectKey(projectDir)];
  return typeof answer === 'boolean' ? answer : undefined;
}

export function recordExternalImportsDecision(userDir: string, projectDir: string, allowed: boolean): void {
  const { value } = readJson(externalImportsFile(userDir));
  writeJsonAtomic(externalImportsFile(userDir), { ...(value ?? {}), [projectKey(projectDir)]: allowed });
}
