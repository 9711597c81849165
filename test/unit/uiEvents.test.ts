// The host's mapping of agent events onto transcript deltas: one-line summaries of tool results
// (computed from what the real tools return), TodoWrite's list, and the new webview messages.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../../src/core/agent/events';
import { findRipgrep } from '../../src/core/node/ripgrep';
import { NodeWorkspace } from '../../src/core/node/workspace';
import type { Workspace } from '../../src/core/ports';
import { PersistentShell } from '../../src/core/shell/persistentShell';
import { bashTool } from '../../src/core/tools/bash';
import { globTool } from '../../src/core/tools/glob';
import { grepTool } from '../../src/core/tools/grep';
import { readTool } from '../../src/core/tools/read';
import { todoWriteTool } from '../../src/core/tools/todoWrite';
import type { Tool, ToolContext } from '../../src/core/tools/types';
import { english, toolSummary, todosFrom, UiEventMapper } from '../../src/extension/uiEvents';
import { parseWebviewMessage } from '../../src/protocol/messages';
import type { TranscriptItem, UiEvent } from '../../src/protocol/messages';
import { applyEvent } from '../../src/protocol/transcript';

/** The Node adapter the CLI uses: real files, and ripgrep for Glob and Grep. */
function fsWorkspace(root: string): Workspace {
  return new NodeWorkspace({ roots: [root], ripgrepPath: findRipgrep() });
}

describe('tool result summaries (from the real tools)', function () {
  this.timeout(20_000);
  let root: string;
  let shell: PersistentShell;
  let ctx: ToolContext;

  /** Runs a tool as the loop does and summarizes its result as the host does. */
  async function summarize<I>(tool: Tool<I>, input: Record<string, unknown>): Promise<string | undefined> {
    const result = await tool.execute(tool.input.parse(input), ctx);
    return toolSummary(tool.name, input, result.content, result.isError === true, (p) => path.relative(root, p));
  }

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-uievents-')));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), Array.from({ length: 120 }, (_, i) => `const v${i} = ${i}; // foo`).join('\n'));
    for (const n of ['b', 'c', 'd', 'e', 'f', 'g']) fs.writeFileSync(path.join(root, 'src', `${n}.ts`), `export const ${n} = 'foo';\n`);
    fs.writeFileSync(path.join(root, 'empty.txt'), '');
    shell = new PersistentShell({ cwd: root, scratchDir: path.join(root, '.scratch'), killGraceMs: 500 });
    ctx = {
      cwd: root,
      workspace: fsWorkspace(root),
      proposals: { propose: () => Promise.reject(new Error('no proposals in this test')) },
      shell,
      session: { readFiles: new Map(), todos: [], scratchDir: path.join(root, '.scratch') },
      clock: { now: () => 1000 },
      signal: new AbortController().signal,
      toolUseId: 'toolu_test',
    };
  });

  after(() => {
    shell.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('Read: the file and how many lines came back', async () => {
    const file = path.join(root, 'src', 'a.ts');
    assert.equal(await summarize(readTool, { file_path: file }), 'src/a.ts · 120 lines');
    assert.equal(await summarize(readTool, { file_path: file, offset: 10, limit: 5 }), 'src/a.ts · lines 10-14 of 120', 'a slice says which lines of how many');
    assert.equal(await summarize(readTool, { file_path: path.join(root, 'empty.txt') }), 'empty.txt · empty');
    assert.equal(await summarize(readTool, { file_path: path.join(root, 'missing.ts') }), undefined, 'an error has no summary');
  });

  it('Read of a long file says which part of it was shown', async () => {
    const big = path.join(root, 'big.txt');
    fs.writeFileSync(big, Array.from({ length: 2500 }, (_, i) => `line ${i}`).join('\n'));
    assert.equal(await summarize(readTool, { file_path: big }), 'big.txt · lines 1-2000 of 2,500');
  });

  it('Grep: the pattern and how many files, matches or lines', async () => {
    assert.equal(await summarize(grepTool, { pattern: 'foo' }), "'foo' · 7 files");
    assert.equal(await summarize(grepTool, { pattern: 'foo', output_mode: 'count' }), "'foo' · 126 matches in 7 files");
    assert.equal(await summarize(grepTool, { pattern: 'v1[0-9] =', output_mode: 'content' }), "'v1[0-9] =' · 10 lines");
    assert.equal(await summarize(grepTool, { pattern: 'nowhere-to-be-found' }), "'nowhere-to-be-found' · no matches");
    assert.equal(await summarize(grepTool, { pattern: 'foo', path: path.join(root, 'src', 'b.ts') }), "'foo' in src/b.ts · 1 file");
  });

  it('Glob: the pattern and how many files', async () => {
    assert.equal(await summarize(globTool, { pattern: '**/*.ts' }), '**/*.ts · 7 files');
    assert.equal(await summarize(globTool, { pattern: '*.md' }), '*.md · no files');
  });

  it('Bash: the exit code, also for a failure and a timeout', async () => {
    assert.equal(await summarize(bashTool, { command: 'echo hi' }), 'exit code 0');
    assert.equal(await summarize(bashTool, { command: 'echo oops >&2; exit 3' }), 'exit code 3');
    assert.equal(await summarize(bashTool, { command: 'sleep 5', timeout: 300 }), 'timed out');
    const moved = 'Command moved to the background with id bash_1_1 (it was still running at its 2 s timeout, so it was not stopped). It is still running.';
    assert.equal(toolSummary('Bash', { command: 'make' }, moved, false), 'moved to the background');
  });

  it('TodoWrite: how many tasks and how many done', async () => {
    const todos = [
      { content: 'Read', status: 'completed', activeForm: 'Reading' },
      { content: 'Fix', status: 'in_progress', activeForm: 'Fixing' },
      { content: 'Test', status: 'pending', activeForm: 'Testing' },
    ];
    assert.equal(await summarize(todoWriteTool, { todos }), '3 tasks · 1 done');
  });

  it('says it in the user’s language: every part of a summary goes through the translation given', () => {
    const german: Record<string, string> = { '{0} lines': '{0} Zeilen', '{0} in {1}': '{0} in {1}', '{0} · {1} in {2}': '{0} · {1} in {2}', '{0} matches': '{0} Treffer', '{0} files': '{0} Dateien', 'exit code {0}': 'Exit-Code {0}' };
    const de = (m: string, ...args: (string | number)[]) => english(german[m] ?? `!${m}`, ...args);
    assert.equal(toolSummary('Read', { file_path: '/w/a.ts' }, '     1\tx\n     2\ty', false, undefined, de), '/w/a.ts · 2 Zeilen');
    assert.equal(toolSummary('Grep', { pattern: 'foo', path: '/w/src' }, 'Found 5 matching lines across 2 files.\nsrc/a.ts:1:foo', false, undefined, de), "'foo' in /w/src · 5 Treffer in 2 Dateien");
    assert.equal(toolSummary('Bash', { command: 'false' }, 'Exit code 1', true, undefined, de), 'Exit-Code 1');
  });

  it('other tools get no summary', () => {
    assert.equal(toolSummary('Edit', { file_path: '/x' }, 'ok', false), undefined);
    assert.equal(toolSummary('LS', { path: '/x' }, 'a\nb', false), undefined);
  });
});

describe('UiEventMapper', () => {
  const call = (id: string, name: string, input: unknown): AgentEvent => ({ type: 'tool_call', id, assistantId: 'a1', name, input });
  const result = (id: string, name: string, content: string, isError = false): AgentEvent => ({ type: 'tool_result', toolUseId: id, name, content, isError });
  const todos = [
    { content: 'Read the code', status: 'completed', activeForm: 'Reading the code' },
    { content: 'Fix the bug', status: 'in_progress', activeForm: 'Fixing the bug' },
  ];

  it('a tool result carries its summary, with paths relative to the workspace', () => {
    const m = new UiEventMapper('/ws');
    m.map(call('t1', 'Read', { file_path: '/ws/src/a.ts' }));
    const [ev] = m.map(result('t1', 'Read', '     1\ta\n     2\tb'));
    assert.deepEqual(ev, { type: 'tool_result', id: 't1', isError: false, output: '     1\ta\n     2\tb', denied: undefined, summary: 'src/a.ts · 2 lines' });
    const outside = new UiEventMapper('/ws');
    outside.map(call('t2', 'Read', { file_path: '/elsewhere/b.ts' }));
    assert.equal((outside.map(result('t2', 'Read', '     1\ta'))[0] as { summary?: string }).summary, '/elsewhere/b.ts · 1 line');
  });

  it('a denied call has no summary', () => {
    const m = new UiEventMapper('/ws');
    m.map(call('t1', 'Bash', { command: 'rm -rf /' }));
    const [ev] = m.map(result('t1', 'Bash', 'Permission denied: the user said no', true));
    assert.equal(ev.type === 'tool_result' && ev.denied, true);
    assert.equal('summary' in ev, false);
  });

  it('a successful TodoWrite emits the list after its result; a refused one does not', () => {
    const m = new UiEventMapper();
    m.map(call('t1', 'TodoWrite', { todos }));
    const evs = m.map(result('t1', 'TodoWrite', 'Todos have been modified successfully'));
    assert.deepEqual(evs.map((e) => e.type), ['tool_result', 'todos']);
    assert.deepEqual(evs[1], { type: 'todos', id: 't1', todos });
    m.map(call('t2', 'TodoWrite', { todos }));
    assert.deepEqual(m.map(result('t2', 'TodoWrite', '2 todos are in_progress', true)).map((e) => e.type), ['tool_result']);
  });

  it('todosFrom rejects input that is not a todo list', () => {
    assert.deepEqual(todosFrom({ todos }), todos);
    assert.deepEqual(todosFrom({ todos: [] }), []);
    for (const bad of [undefined, null, {}, { todos: 'x' }, { todos: [{ content: 'a', status: 'doing', activeForm: 'b' }] }, { todos: [{ content: 1, status: 'pending', activeForm: 'b' }] }]) {
      assert.equal(todosFrom(bad), undefined, JSON.stringify(bad));
    }
  });

  it('the folded transcript keeps the summary and the list on the tool item', () => {
    const m = new UiEventMapper();
    const events: UiEvent[] = [...m.map(call('t1', 'TodoWrite', { todos })), ...m.map(result('t1', 'TodoWrite', 'ok'))];
    const items = events.reduce<TranscriptItem[]>((acc, ev) => applyEvent(acc, ev), []);
    assert.equal(items.length, 1);
    const tool = items[0];
    assert.ok(tool.kind === 'tool');
    assert.equal(tool.status, 'done');
    assert.equal(tool.summary, '2 tasks · 1 done');
    assert.deepEqual(tool.todos, todos);
  });
});

describe('webview messages: insertAtCursor and retry', () => {
  it('accepts them well formed', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'insertAtCursor', text: 'const x = 1;' }), { ok: true, value: { type: 'insertAtCursor', text: 'const x = 1;' } });
    assert.deepEqual(parseWebviewMessage({ type: 'retry' }), { ok: true, value: { type: 'retry' } });
  });

  it('rejects them malformed', () => {
    for (const bad of [{ type: 'insertAtCursor' }, { type: 'insertAtCursor', text: '' }, { type: 'insertAtCursor', text: 5 }, { type: 'insertAtCursor', text: 'x'.repeat(1_000_001) }, { type: 'insertAtCursor', text: 'x', path: '/etc/passwd' }, { type: 'retry', text: 'again' }]) {
      assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad).slice(0, 80));
    }
  });
});
