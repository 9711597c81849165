// Import cycles among the project's own modules (type-only imports included: a cycle of types is
// still two modules that cannot be understood, moved or tested apart). Edges come from TypeScript's
// import scanner; cycles are the strongly connected components of that graph (Tarjan's algorithm).

import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '/index.ts', '/index.tsx'];

/** The project file a relative import names, if it is one of `files` (relative, '/'-separated). */
function resolveImport(fromRel: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = relative('.', join(dirname(fromRel), spec)).split(sep).join('/');
  if (files.has(base)) return base;
  for (const ext of EXTENSIONS) if (files.has(base + ext)) return base + ext;
  return undefined;
}

/** The import graph of `sources` (relative path → text): each file's project-internal imports. */
export function importGraph(sources: ReadonlyMap<string, string>): Map<string, string[]> {
  const files = new Set(sources.keys());
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const targets = new Set<string>();
    for (const imp of ts.preProcessFile(text, true, true).importedFiles) {
      if (!imp.fileName.startsWith('.')) continue;
      const target = resolveImport(file, imp.fileName, files);
      if (target && target !== file) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Every group of modules that import each other (directly or around a loop), each sorted. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Iterative Tarjan: the project's graph is deep enough that recursion depth is worth avoiding.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== frame.node);
        if (group.length > 1) cycles.push(group.sort());
      }
    }
  }
  return cycles;
}

export function cycleViolations(sources: ReadonlyMap<string, string>): string[] {
  return findCycles(importGraph(sources)).map((group) => `import cycle: ${group.join(' <-> ')}`);
}


