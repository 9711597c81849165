// The scripted session of bench/vs-claude-code: 25 explore-and-edit steps over a copy of a real npm
// package, one tool call per reply, with Claude Code's tool names and input fields so both CLIs run
// the very same calls. Absolute paths point into the workspace, which is copied afresh (same path)
// before every run, so the Edits always find their text.
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ScriptedBlock, ScriptedReply } from '../test/fake-llm/scenario';

export const PACKAGE = 'ajv'; // 466 files: .ts sources, compiled .js, .json, .map, nested folders
export const PROMPT = 'Find where ajv compiles a schema, mark the functions you reviewed, and leave notes in NOTES.md.';
export const EDIT_MARK = ' // bench: reviewed';

export type ToolName = 'Read' | 'Grep' | 'Glob' | 'Edit' | 'Write' | 'Bash';
export interface Step {
  name: ToolName;
  input: Record<string, unknown>;
}

/** A line that occurs once in the file and is long enough to be a meaningful edit anchor. */
function uniqueLine(file: string): string {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const line = lines.find((l) => l.trim().length > 30 && !l.includes('`') && text.indexOf(l) === text.lastIndexOf(l));
  if (!line) throw new Error(`No unique line to edit in ${file}`);
  return line;
}

/** The 25 steps, computed from a pristine copy of the package at `ws`. */
export function scriptSession(ws: string): Step[] {
  const f = (rel: string) => {
    const p = path.join(ws, rel);
    if (!existsSync(p)) throw new Error(`The package has no ${rel}: the scripted session expects ajv 8's layout.`);
    return p;
  };
  const edit = (rel: string): Step => {
    const old = uniqueLine(f(rel));
    return { name: 'Edit', input: { file_path: f(rel), old_string: old, new_string: old + EDIT_MARK } };
  };
  const [e1, e2, e3] = ['lib/compile/resolve.ts', 'lib/compile/util.ts', 'lib/vocabularies/core/ref.ts'];
  const notes = ['# Notes', '', '- lib/core.ts: Ajv.compile → _addSchema → compileSchema (lib/compile/index.ts).', '- lib/compile/validate: the code generator.', ''].join('\n');
  return [
    { name: 'Glob', input: { pattern: '**/*.ts' } },
    { name: 'Read', input: { file_path: f('package.json') } },
    { name: 'Grep', input: { pattern: 'compileSchema', output_mode: 'files_with_matches' } },
    { name: 'Read', input: { file_path: f('lib/core.ts'), offset: 1, limit: 120 } },
    { name: 'Bash', input: { command: 'ls lib lib/compile', description: 'List the sources' } },
    { name: 'Grep', input: { pattern: 'function \\w+\\(', path: f('lib/compile'), output_mode: 'content', '-n': true, head_limit: 40 } },
    { name: 'Read', input: { file_path: f('lib/compile/index.ts') } },
    { name: 'Glob', input: { pattern: 'lib/vocabularies/*/index.ts' } },
    { name: 'Grep', input: { pattern: 'throw new', output_mode: 'count', type: 'ts' } },
    { name: 'Read', input: { file_path: f(e1) } },
    edit(e1),
    { name: 'Bash', input: { command: 'wc -l lib/compile/index.ts lib/compile/resolve.ts lib/compile/util.ts', description: 'Count lines of the compiler' } },
    { name: 'Grep', input: { pattern: 'schemaEnv', output_mode: 'content', '-C': 2, '-n': true, head_limit: 60 } },
    { name: 'Read', input: { file_path: f(e2) } },
    edit(e2),
    { name: 'Glob', input: { pattern: '**/*.json' } },
    { name: 'Bash', input: { command: 'grep -c export lib/core.ts lib/ajv.ts', description: 'Count exports' } },
    { name: 'Read', input: { file_path: f('lib/compile/validate/index.ts'), offset: 100, limit: 150 } },
    { name: 'Grep', input: { pattern: 'keyword:', '-i': true, output_mode: 'files_with_matches', glob: '*.ts' } },
    { name: 'Read', input: { file_path: f(e3) } },
    edit(e3),
    { name: 'Write', input: { file_path: path.join(ws, 'NOTES.md'), content: notes } },
    { name: 'Bash', input: { command: 'find lib -name "*.ts" | wc -l', description: 'Count the TypeScript sources' } },
    { name: 'Grep', input: { pattern: 'bench: reviewed', output_mode: 'content', '-n': true } },
    { name: 'Bash', input: { command: 'head -3 NOTES.md && ls', description: 'Check the notes' } },
  ];
}

/** The files the session edits and what they must hold afterwards (checked after every run). */
export function expectedEdits(steps: Step[]): { file: string; includes: string }[] {
  return steps
    .filter((s) => s.name === 'Edit' || s.name === 'Write')
    .map((s) => ({ file: String(s.input.file_path), includes: String(s.name === 'Edit' ? s.input.new_string : s.input.content) }));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

/** A main-loop request: it offers the Read tool (side requests, e.g. for a title, do not). */
export function isMainRequest(body: Body, model: string): boolean {
  return body?.model === model && Array.isArray(body.tools) && body.tools.some((t: { name?: string }) => t.name === 'Read');
}

export function toReplies(steps: Step[], model: string): ScriptedReply[] {
  const whenRequest = (body: Body) => isMainRequest(body, model);
  const replies: ScriptedReply[] = steps.map((s, i) => {
    const content: ScriptedBlock[] = i % 3 === 0 ? [{ type: 'text', text: `Step ${i + 1}: ${s.name} next.` }] : [];
    content.push({ type: 'tool_use', name: s.name, input: s.input });
    return { whenRequest, content, usage: { input: 3000 + i * 400, output: 60 } };
  });
  replies.push({ whenRequest, content: [{ type: 'text', text: 'Done: three functions marked, notes in NOTES.md.' }], usage: { input: 14000, output: 20 } });
  return replies;
}

/** Tool results in the last main request: how many, and how many were errors (with their text). */
export function toolResultsOf(body: Body): { results: number; errors: string[] } {
  let results = 0;
  const errors: string[] = [];
  for (const m of body?.messages ?? []) {
    if (m.role !== 'user' || !Array.isArray(m.content)) continue;
    for (const b of m.content) {
      if (b.type !== 'tool_result') continue;
      results++;
      if (b.is_error) errors.push(typeof b.content === 'string' ? b.content : JSON.stringify(b.content));
    }
  }
  return { results, errors };
}
