// The layers of ARCHITECTURE.md, enforced: every import of every source file is read with
// TypeScript's own import scanner (imports, re-exports, require() and import()) and checked against
// the rules of the layer the file belongs to; and no module may import itself around a loop.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { cycleViolations } from './importCycles';

type Layer = 'core' | 'protocol' | 'extension' | 'cli' | 'webview';

interface Rule {
  /** Project folders (relative, '/'-separated) this layer may import from. */
  mayImport: string[];
  /** Bare module names that are forbidden. */
  forbidden: (spec: string) => string | undefined;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const noVscode = (spec: string) => (spec === 'vscode' ? "imports 'vscode' (this layer must run without VS Code)" : undefined);

const RULES: Record<Layer, Rule> = {
  core: { mayImport: ['src/core'], forbidden: noVscode },
  protocol: { mayImport: ['src/protocol'], forbidden: (s) => noVscode(s) ?? (NODE_BUILTINS.has(s) ? `imports Node's '${s}' (the protocol runs in the browser too)` : undefined) },
  cli: { mayImport: ['src/cli', 'src/core'], forbidden: noVscode },
  extension: { mayImport: ['src/extension', 'src/core', 'src/protocol'], forbidden: () => undefined },
  webview: {
    mayImport: ['webview-ui/src', 'src/protocol'],
    forbidden: (s) => noVscode(s) ?? (NODE_BUILTINS.has(s) ? `imports Node's '${s}' (the webview is a browser page)` : undefined),
  },
};

export function layerOf(relPath: string): Layer | undefined {
  const p = relPath.split(sep).join('/');
  if (p.startsWith('src/core/')) return 'core';
  if (p.startsWith('src/protocol/')) return 'protocol';
  if (p.startsWith('src/extension/')) return 'extension';
  if (p.startsWith('src/cli/')) return 'cli';
  if (p.startsWith('webview-ui/src/')) return 'webview';
  return undefined;
}

/** Violations in one file, given its path relative to the project root and its text. */
export function violationsIn(relPath: string, text: string): string[] {
  const layer = layerOf(relPath);
  if (!layer) return [];
  const rule = RULES[layer];
  const out: string[] = [];
  const info = ts.preProcessFile(text, true, true);
  for (const imp of info.importedFiles) {
    const spec = imp.fileName;
    if (spec.startsWith('.')) {
      const target = relative('.', join(dirname(relPath), spec)).split(sep).join('/');
      if (!rule.mayImport.some((allowed) => target === allowed || target.startsWith(`${allowed}/`))) {
        out.push(`${relPath}: ${layer} imports '${spec}' (${target}); allowed: ${rule.mayImport.join(', ')}`);
      }
    } else {
      const why = rule.forbidden(spec);
      if (why) out.push(`${relPath}: ${why}`);
    }
  }
  return out;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx|mts|cts)$/.test(name)) yield full;
  }
}

export function checkBoundaries(root: string): { files: number; violations: string[] } {
  let files = 0;
  const violations: string[] = [];
  const sources = new Map<string, string>();
  for (const top of ['src', 'webview-ui/src']) {
    const dir = join(root, top);
    try {
      statSync(dir);
    } catch {
      continue;
    }
    for (const file of sourceFiles(dir)) {
      files++;
      const rel = relative(root, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      sources.set(rel, text);
      violations.push(...violationsIn(rel, text));
    }
  }
  violations.push(...cycleViolations(sources));
  return { files, violations };
}

if (require.main === module) {
  const { files, violations } = checkBoundaries(resolve(__dirname, '..'));
  if (violations.length) {
    console.error(`Layer boundaries broken or import cycles (see ARCHITECTURE.md):\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`[boundaries] ${files} files respect the layers`);
}
