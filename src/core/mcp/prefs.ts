// The user's per-folder switches for MCP servers and tools (the MCP view's enable/disable), kept
// in ~/.tandem/mcp-state.json by folder, never in the repository.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from '../permissions/settings';

interface FolderPrefs {
  disabledServers?: string[];
  /** Tandem tool names (mcp__server__tool). */
  disabledTools?: string[];
}

/** One of Tandem's own MCP state files, or {} when it is missing or unreadable (it is rewritten whole). */
export function readStateFile<T>(file: string): Record<string, T> {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, T>) : {};
  } catch {
    return {};
  }
}

export class McpPrefs {
  constructor(
    private readonly userDir: string,
    private readonly folder: string,
  ) {}

  private get file(): string {
    return join(this.userDir, 'mcp-state.json');
  }

  private readAll(): Record<string, FolderPrefs> {
    return readStateFile<FolderPrefs>(this.file);
  }

  private get key(): string {
    return resolve(this.folder);
  }

  read(): { disabledServers: Set<string>; disabledTools: Set<string> } {
    const p = this.readAll()[this.key] ?? {};
    return { disabledServers: new Set(p.disabledServers ?? []), disabledTools: new Set(p.disabledTools ?? []) };
  }

  set(kind: 'disabledServers' | 'disabledTools', name: string, disabled: boolean): void {
    const all = this.readAll();
    const p = all[this.key] ?? {};
    const list = new Set(p[kind] ?? []);
    if (disabled) list.add(name);
    else list.delete(name);
    all[this.key] = { ...p, [kind]: [...list].sort() };
    writeJsonAtomic(this.file, all);
  }
}
