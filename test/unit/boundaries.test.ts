import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { checkBoundaries, violationsIn } from '../../scripts/check-boundaries';
import { cycleViolations, findCycles, importGraph } from '../../scripts/importCycles';

describe('layer boundaries', () => {
  it('the project respects them', () => {
    const { files, violations } = checkBoundaries(resolve(__dirname, '..', '..'));
    assert.ok(files > 10, `checked ${files} files`);
    assert.deepEqual(violations, []);
  });

  it('catches vscode in the core however it is imported', () => {
    for (const text of [
      "import * as vscode from 'vscode';",
      "import type { Uri } from 'vscode';",
      "const vscode = require('vscode');",
      "export async function f() { return import('vscode'); }",
      "export { window } from 'vscode';",
    ]) {
      assert.equal(violationsIn('src/core/agent/x.ts', text).length, 1, text);
    }
  });

  it('keeps the core from reaching into hosts and the protocol from reaching into anything', () => {
    assert.equal(violationsIn('src/core/agent/x.ts', "import { a } from '../../extension/chatController';").length, 1);
    assert.equal(violationsIn('src/core/agent/x.ts', "import { a } from '../llm/types';").length, 0);
    assert.equal(violationsIn('src/protocol/x.ts', "import { a } from '../core/llm';").length, 1);
    assert.equal(violationsIn('src/protocol/x.ts', "import { z } from 'zod';").length, 0);
    assert.equal(violationsIn('src/cli/x.ts', "import { a } from '../extension/config';").length, 1);
  });

  it('lets the webview import only its own code, the protocol and browser packages', () => {
    assert.equal(violationsIn('webview-ui/src/App.tsx', "import { applyEvent } from '../../src/protocol/transcript';").length, 0);
    assert.equal(violationsIn('webview-ui/src/App.tsx', "import { Markdown } from './Markdown';").length, 0);
    assert.equal(violationsIn('webview-ui/src/App.tsx', "import React from 'react';").length, 0);
    assert.equal(violationsIn('webview-ui/src/App.tsx', "import { createProvider } from '../../src/core/llm';").length, 1);
    assert.equal(violationsIn('webview-ui/src/App.tsx', "import { readFileSync } from 'node:fs';").length, 1);
    assert.equal(violationsIn('webview-ui/src/App.tsx', "import * as vscode from 'vscode';").length, 1);
  });
});

describe('import cycles', () => {
  const sources = (files: Record<string, string>) => new Map(Object.entries(files));

  it('finds two modules that import each other, type-only imports included', () => {
    const found = cycleViolations(
      sources({
        'src/core/a/engine.ts': "import { check } from './check';",
        'src/core/a/check.ts': "import type { Verdict } from './engine';",
        'src/core/a/free.ts': "import { check } from './check';",
      }),
    );
    assert.deepEqual(found, ['import cycle: src/core/a/check.ts <-> src/core/a/engine.ts']);
  });

  it('finds a loop through several modules and folders, via index files and re-exports', () => {
    const graph = importGraph(
      sources({
        'src/core/x/index.ts': "export { y } from '../y/y';",
        'src/core/y/y.ts': "import { z } from '../z';",
        'src/core/z.tsx': "import { x } from './x';",
        'src/core/leaf.ts': "import { x } from './x';",
      }),
    );
    assert.deepEqual(graph.get('src/core/z.tsx'), ['src/core/x/index.ts']);
    assert.deepEqual(findCycles(graph), [['src/core/x/index.ts', 'src/core/y/y.ts', 'src/core/z.tsx']]);
  });

  it('does not count a chain, a diamond or a package import as a cycle', () => {
    const found = cycleViolations(
      sources({
        'src/a.ts': "import { b } from './b'; import { c } from './c'; import zod from 'zod';",
        'src/b.ts': "import { d } from './d';",
        'src/c.ts': "import { d } from './d';",
        'src/d.ts': "import { a } from 'a';",
      }),
    );
    assert.deepEqual(found, []);
  });
});
