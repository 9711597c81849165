// Deny rules on reads also cover reads of a parent: Grep and Glob leave denied files out of their
// results, and a shell command that reads everything below an ancestor of a denied path asks.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRipgrep } from '../../src/core/node/ripgrep';
import { NodeWorkspace } from '../../src/core/node/workspace';
import { systemClock } from '../../src/core/ports';
import { PermissionEngine } from '../../src/core/permissions/engine';
import { globTool } from '../../src/core/tools/glob';
import { grepTool } from '../../src/core/tools/grep';
import type { ToolContext } from '../../src/core/tools/types';

describe('deny rules on reads cover recursive reads of a parent', () => {
  let ws: string;
  let engine: PermissionEngine;
  const decide = (command: string) => engine.decide('Bash', false, { kind: 'command', command }, ws);

  beforeEach(() => {
    ws = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-denied-')));
    mkdirSync(join(ws, 'secrets'));
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, 'secrets', 'key.txt'), 'TOKEN=hunter2\n');
    writeFileSync(join(ws, 'src', 'a.ts'), 'const TOKEN = 1;\n');
    engine = new PermissionEngine('default', { deny: ['Read(secrets/**)'] }, [ws], { home: join(ws, 'home'), userDir: join(ws, 'home', '.tandem'), caseInsensitive: false });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('a shell command reading recursively over an ancestor of a denied path asks; elsewhere it does not', async () => {
    for (const command of ['grep -r TOKEN .', 'grep -rn TOKEN', 'rg TOKEN', 'rg -l TOKEN ./', 'git grep TOKEN', 'find . -type f', 'ls -R', `grep -R TOKEN ${ws}`, 'cp -r . /tmp/copy', 'tar czf /tmp/x.tgz .']) {
      assert.equal((await decide(command)).behavior === 'allow', false, command);
    }
    for (const command of ['grep -r TOKEN src', 'rg TOKEN src', 'find src -type f', 'ls -R src', 'grep TOKEN src/a.ts']) {
      assert.equal((await decide(command)).behavior, 'allow', command);
    }
    const v = await decide('grep -r TOKEN .');
    assert.match(v.reason, /deny rule for Read/);
  });

  it('an unanchored deny pattern makes every recursive read ask', async () => {
    engine = new PermissionEngine('default', { deny: ['Read(*.pem)'] }, [ws], { home: join(ws, 'home'), caseInsensitive: false });
    assert.equal((await decide('grep -r x src')).behavior, 'ask');
    assert.equal((await decide('grep x src/a.ts')).behavior, 'allow');
  });

  it('Grep and Glob leave denied files out, in every output mode', async () => {
    const rg = findRipgrep();
    assert.ok(rg, 'ripgrep is needed for Grep and Glob');
    const ctx: ToolContext = {
      cwd: ws,
      workspace: new NodeWorkspace({ roots: [ws], ripgrepPath: rg }),
      proposals: { propose: () => Promise.reject(new Error('unused')) },
      shell: { run: () => Promise.reject(new Error('unused')), dispose: () => {} },
      session: { readFiles: new Map(), todos: [], scratchDir: join(ws, '.scratch') },
      clock: systemClock,
      signal: new AbortController().signal,
      toolUseId: 't',
      readDenied: (p) => engine.readDenied(p),
    };
    await engine.decide('Read', true, { kind: 'read', path: join(ws, 'src', 'a.ts') }, ws);
    for (const output_mode of ['files_with_matches', 'content', 'count'] as const) {
      const r = await grepTool.execute({ pattern: 'TOKEN', output_mode }, ctx);
      assert.doesNotMatch(r.content, /hunter2|secrets/, `${output_mode}: ${r.content}`);
      assert.match(r.content, /a\.ts/, output_mode);
    }
    const g = await globTool.execute({ pattern: '**/*.txt' }, ctx);
    assert.doesNotMatch(g.content, /key\.txt/);
  });
});
