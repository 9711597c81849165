// Loads tree-sitter (web-tree-sitter as built for VS Code) and its bash grammar, both WebAssembly,
// once per process. The bundles in dist/ ship without node_modules, so esbuild.mjs copies the two
// .wasm files next to them; from sources (tsx, tests) they are found in node_modules instead.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tree } from '@vscode/tree-sitter-wasm';

/** The file names esbuild.mjs copies into dist/ (the same names as in the package). */
export const WASM_FILES = ['tree-sitter.wasm', 'tree-sitter-bash.wasm'] as const;

/** Where a wasm file is: next to the running bundle first, then in the installed package. */
export function locateWasm(name: (typeof WASM_FILES)[number]): string {
  const beside = join(__dirname, name);
  if (existsSync(beside)) return beside;
  try {
    return require.resolve(`@vscode/tree-sitter-wasm/wasm/${name}`);
  } catch {
    throw new Error(`${name} was found neither next to ${__dirname} nor in node_modules/@vscode/tree-sitter-wasm: rebuild with "node esbuild.mjs" (it copies the file into dist/) or run "npm install"`);
  }
}

export interface BashParser {
  /** Parses a script; the caller must call `tree.delete()` when done (the tree lives in wasm memory). */
  parse(text: string): Tree;
}

let loading: Promise<BashParser> | undefined;

/** The bash parser, initialized on first use; a failed load is retried on the next call. */
export function loadBashParser(): Promise<BashParser> {
  loading ??= init().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function init(): Promise<BashParser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, and a chunk of its own in the extension (treeSitterRuntime.ts says why)
  const { Language, Parser } = require('./treeSitterRuntime') as typeof import('./treeSitterRuntime');
  const runtimePath = locateWasm('tree-sitter.wasm');
  const wasmBinary = await readFile(runtimePath);
  // Emscripten asks locateFile for the runtime's path even when wasmBinary is given; both point
  // at the same file, so the module never guesses a location from import.meta or __filename.
  const options = { locateFile: () => runtimePath, wasmBinary };
  await Parser.init(options);
  const bash = await Language.load(await readFile(locateWasm('tree-sitter-bash.wasm')));
  const parser = new Parser();
  parser.setLanguage(bash);
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled)');
      return tree;
    },
  };
}
