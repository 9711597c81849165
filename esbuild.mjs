// Builds the three bundles: the extension (Node, CommonJS, `vscode` external), the webview
// (browser), and the integration-test suite that runs inside the extension host.
// `--production` minifies and writes no source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

// Provider chunks: the Bedrock and Vertex SDKs (the first pulls in the AWS SDK) are built into
// files of their own next to the bundles and required only when Claude on Bedrock or Vertex is
// used (src/core/llm/anthropicClient.ts), so the extension and the CLI neither parse nor evaluate
// them at start-up. They ship inside the .vsix and the npm package like the bundles themselves.
const PROVIDER_CHUNKS = { 'provider-bedrock': 'src/core/llm/provider-bedrock.ts', 'provider-vertex': 'src/core/llm/provider-vertex.ts' };
/** @type {esbuild.Plugin} */
const providerChunksExternal = {
  name: 'provider-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/provider-(bedrock|vertex)$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [providerChunksExternal],
  },
  {
    ...common,
    entryPoints: PROVIDER_CHUNKS,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { main: 'webview-ui/src/main.tsx' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    jsx: 'automatic',
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [providerChunksExternal],
    define: { ...common.define, TANDEM_VERSION: JSON.stringify(pkg.version) },
  },
];

if (!production) {
  // Integration tests: bundled so they load in the extension host without a TypeScript loader.
  // mocha stays external (it is required from node_modules at run time).
  builds.push({
    ...common,
    entryPoints: { 'test/suite/index': 'test/integration/suite/index.ts' },
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

// The shell parser (src/core/permissions/shell/parser.ts) loads tree-sitter and its bash grammar,
// both WebAssembly, from next to the running bundle: the .vsix ships no node_modules.
function copyShellParserWasm() {
  const require = createRequire(import.meta.url);
  mkdirSync('dist', { recursive: true });
  for (const file of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
    copyFileSync(require.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`), `dist/${file}`);
  }
}

rmSync('dist', { recursive: true, force: true });
if (!production) rmSync('out', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  copyShellParserWasm();
  console.log('[esbuild] watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
  copyShellParserWasm();
  console.log(`[esbuild] ${production ? 'production' : 'development'} build in ${Date.now() - started} ms`);
}
