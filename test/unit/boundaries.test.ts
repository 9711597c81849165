import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { checkBoundaries, violationsIn } from '../../scripts/check-boundaries';

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
