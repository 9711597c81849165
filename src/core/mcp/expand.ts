// Variable expansion in MCP server entries, as Claude Code and VS Code write them:
// `${VAR}` and `${VAR:-default}` (Claude Code's .mcp.json), and in VS Code's .vscode/mcp.json also
// `${env:VAR}`, `${workspaceFolder}` and `${input:id}` (a value the user types; see McpInputs).
// A variable that is unset and has no default is an error for that server: starting it with an
// empty token or path would fail in a way that is harder to understand.

export interface ExpandContext {
  env: Record<string, string | undefined>;
  workspaceFolder?: string;
  /** Values of VS Code `inputs`, by id; a missing one is reported as needed. */
  inputs?: Record<string, string>;
}

export class ExpandError extends Error {
  override name = 'ExpandError';
  constructor(
    message: string,
    /** `${input:id}` references that had no value: the host may ask the user and try again. */
    readonly missingInputs: string[] = [],
  ) {
    super(message);
  }
}

const VAR = /\$\{([^}]+)\}/g;

export function expandString(text: string, ctx: ExpandContext, missing: string[], inputsNeeded: string[]): string {
  return text.replace(VAR, (whole, body: string) => {
    const def = body.indexOf(':-');
    const name = def >= 0 ? body.slice(0, def) : body;
    const fallback = def >= 0 ? body.slice(def + 2) : undefined;
    if (name === 'workspaceFolder') {
      if (ctx.workspaceFolder !== undefined) return ctx.workspaceFolder;
      if (fallback !== undefined) return fallback;
      missing.push(name);
      return whole;
    }
    if (name.startsWith('input:')) {
      const id = name.slice(6);
      const v = ctx.inputs?.[id];
      if (v !== undefined) return v;
      inputsNeeded.push(id);
      return whole;
    }
    const envName = name.startsWith('env:') ? name.slice(4) : name;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) return whole; // not a variable reference: leave it as written
    const v = ctx.env[envName];
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    missing.push(envName);
    return whole;
  });
}

/** Expands every string inside a JSON-like value (strings, arrays, objects' values). */
export function expandValue<T>(value: T, ctx: ExpandContext): T {
  const missing: string[] = [];
  const inputs: string[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return expandString(v, ctx, missing, inputs);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value) as T;
  if (inputs.length) throw new ExpandError(`needs the input${inputs.length > 1 ? 's' : ''} ${[...new Set(inputs)].join(', ')}`, [...new Set(inputs)]);
  if (missing.length) {
    const names = [...new Set(missing)];
    throw new ExpandError(`the variable${names.length > 1 ? 's' : ''} ${names.map((n) => `\${${n}}`).join(', ')} ${names.length > 1 ? 'are' : 'is'} not set and ${names.length > 1 ? 'have' : 'has'} no default (write \${NAME:-default} for one)`);
  }
  return out;
}
