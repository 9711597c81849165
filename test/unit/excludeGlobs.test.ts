// Glob and Grep leave out what the host's Workspace.excludeGlobs() names (VS Code's files.exclude /
// search.exclude), and behave as before when a host does not offer it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRipgrep } from '../../src/core/node/ripgrep';
import { NodeWorkspace } from '../../src/core/node/workspace';
import type { Workspace } from '../../src/core/ports';
import { globTool } from '../../src/core/tools/glob';
import { grepTool } from '../../src/core/tools/grep';
import type { Tool, ToolContext, ToolResult } from '../../src/core/tools/types';

function workspaceWith(root: string, excludes: string[] | undefined): Workspace {
  const base = new NodeWorkspace({ roots: [root], ripgrepPath: findRipgrep() });
  const ws: Workspace = {
    roots: () => base.roots(),
    readFile: (p) => base.readFile(p),
    stat: (p) => base.stat(p),
    list: (p) => base.list(p),
    realpath: (p) => base.realpath(p),
    ripgrepPath: () => base.ripgrepPath(),
  };
  if (excludes) ws.excludeGlobs = () => excludes;
  return ws;
}

function ctxFor(cwd: string, workspace: Workspace): ToolContext {
  return {
    cwd,
    workspace,
    proposals: { propose: () => Promise.reject(new Error('no proposals in this test')) },
    shell: { run: () => Promise.reject(new Error('no shell in this test')), dispose: () => undefined },
    session: { readFiles: new Map(), todos: [], scratchDir: path.join(cwd, '.scratch') },
    clock: { now: () => 1000 },
    signal: new AbortController().signal,
    toolUseId: 'toolu_exclude',
  };
}

function call<I>(tool: Tool<I>, raw: unknown, ctx: ToolContext): Promise<ToolResult> {
  return tool.execute(tool.input.parse(raw), ctx);
}

describe('exclude globs from the host', function () {
  let root: string;

  before(function () {
    if (!findRipgrep()) this.skip();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-exclude-')));
    const files: Record<string, string> = {
      'src/app.ts': 'const needle = 1;\n',
      'src/app.min.js': 'var needle=1;\n',
      'build/out.ts': 'const needle = 2;\n',
      'src/build/nested.ts': 'const needle = 3;\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  });
  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  // The file of each result line (paths come relative to the working directory, the root here).
  const lines = (r: ToolResult) => r.content.split('\n').filter((l) => l !== '' && !/^Found \d/.test(l) && !l.startsWith('(')).map((l) => l.split(':')[0]!).sort();

  it('without excludeGlobs, Glob and Grep see every file', async () => {
    const ctx = ctxFor(root, workspaceWith(root, undefined));
    const all = ['build/out.ts', 'src/app.min.js', 'src/app.ts', 'src/build/nested.ts'];
    assert.deepEqual(lines(await call(globTool, { pattern: '**/*' }, ctx)), all);
    assert.deepEqual(lines(await call(grepTool, { pattern: 'needle' }, ctx)), all);
  });

  it('Glob leaves out excluded folders (at any depth) and file patterns', async () => {
    const ctx = ctxFor(root, workspaceWith(root, ['**/build', '**/*.min.js']));
    assert.deepEqual(lines(await call(globTool, { pattern: '**/*' }, ctx)), ['src/app.ts']);
    const none = await call(globTool, { pattern: '*.min.js' }, ctx);
    assert.equal(none.content, 'No files found');
  });

  it('Grep leaves them out in every output mode, even against an explicit glob', async () => {
    const ctx = ctxFor(root, workspaceWith(root, ['**/build', '**/*.min.js']));
    assert.deepEqual(lines(await call(grepTool, { pattern: 'needle' }, ctx)), ['src/app.ts']);
    assert.deepEqual(lines(await call(grepTool, { pattern: 'needle', output_mode: 'content' }, ctx)), ['src/app.ts']);
    assert.deepEqual(lines(await call(grepTool, { pattern: 'needle', output_mode: 'count' }, ctx)), ['src/app.ts']);
    const js = await call(grepTool, { pattern: 'needle', glob: '*.js' }, ctx);
    assert.equal(js.content, 'No files found');
  });

  it('an empty list changes nothing', async () => {
    const ctx = ctxFor(root, workspaceWith(root, []));
    assert.equal(lines(await call(grepTool, { pattern: 'needle' }, ctx)).length, 4);
  });
});
