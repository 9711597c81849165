// Builds the three bundles: the extension (Node, CommonJS, `vscode` external), the webview
// (browser), and the integration-test suite that runs inside the extension host.
// `--production` minifies and writes no source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// Provider chunks: the Bedrock, Vertex and OpenAI SDKs (the first pulls in the AWS SDK) are built into
// files of their own next to the bundles and required only when Claude on Bedrock or Vertex is
// used (src/core/llm/anthropicClient.ts, openaiClient.ts), so the extension and the CLI neither parse nor evaluate
// them at start-up. They ship inside the .vsix and the npm package like the bundles themselves.
const PROVIDER_CHUNKS = {
  'provider-bedrock': 'src/core/llm/provider-bedrock.ts',
  'provider-vertex': 'src/core/llm/provider-vertex.ts',
  'provider-openai': 'src/core/llm/provider-openai.ts',
  'provider-proxy': 'src/core/llm/provider-proxy.ts',
};
/** @type {esbuild.Plugin} */
const providerChunksExternal = {
  name: 'provider-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/provider-(bedrock|vertex|openai|proxy)$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

/** @type {(outdir: string) => esbuild.BuildOptions} */
const providerChunks = (outdir) => ({ ...common, entryPoints: PROVIDER_CHUNKS, outdir, platform: 'node', format: 'cjs', target: 'node20' });

// The extension: dist/extension.js is a small loader (src/extension/loader.ts) that evaluates the
// bundle, dist/extension-main.js, through a V8 code cache of its own (src/core/node/codeCache.ts).
// Inside that vm.Script an import() would need Node's experimental loader hook, so the one module
// that uses import() (the tree-sitter runtime) is a chunk of its own, loaded with require().
/** @type {esbuild.Plugin} */
const treeSitterRuntimeExternal = {
  name: 'tree-sitter-runtime',
  setup(build) {
    build.onResolve({ filter: /^\.\/treeSitterRuntime$/ }, () => ({ path: './tree-sitter-runtime.js', external: true }));
  },
};

/** @type {(outdir: string) => esbuild.BuildOptions} */
const treeSitterRuntimeChunk = (outdir) => ({
  ...common,
  entryPoints: { 'tree-sitter-runtime': 'src/core/permissions/shell/treeSitterRuntime.ts' },
  outdir,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
});

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/loader.ts', 'extension-main': 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [providerChunksExternal, treeSitterRuntimeExternal],
  },
  treeSitterRuntimeChunk('dist'),
  providerChunks('dist'),
  {
    ...common,
    entryPoints: { main: 'webview-ui/src/main.tsx' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    jsx: 'automatic',
  },
];

// The CLI: dist/cli.js is a small launcher that compiles the bundle, dist/cli-main.js, through a V8
// code cache of its own (src/cli/bin.ts says why). As in the extension, the tree-sitter runtime
// (it uses import()) is a chunk of its own, required on first use.
// `--metafile`: the CLI bundle's inputs and what each adds to it, as <outdir>/cli-main.meta.json
// (bench/bundle.ts reads it).
const metafile = process.argv.includes('--metafile');
const cliBuilds = (outdir) => [
  {
    ...common,
    entryPoints: { cli: 'src/cli/bin.ts' },
    outdir,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: { 'cli-main': 'src/cli/main.ts' },
    outdir,
    metafile,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [providerChunksExternal, treeSitterRuntimeExternal],
    define: { ...common.define, TANDEM_VERSION: JSON.stringify(pkg.version) },
  },
];

// `--cli-only --outdir=DIR`: the CLI alone (launcher, bundle, provider chunks, shell parser) into
// DIR, leaving dist/ alone; the benchmarks build the shipped (production) CLI this way.
const cliOnly = process.argv.includes('--cli-only');
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const outRoot = outArg ? outArg.slice('--outdir='.length) : 'dist';
if (cliOnly) {
  builds.length = 0;
  builds.push(...cliBuilds(outRoot), providerChunks(outRoot), treeSitterRuntimeChunk(outRoot));
} else {
  builds.push(...cliBuilds('dist'));
}

if (!production && !cliOnly) {
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
function copyShellParserWasm(outdir) {
  const require = createRequire(import.meta.url);
  mkdirSync(outdir, { recursive: true });
  for (const file of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
    copyFileSync(require.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`), `${outdir}/${file}`);
  }
}

rmSync(outRoot, { recursive: true, force: true });
if (!production && !cliOnly) rmSync('out', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  copyShellParserWasm(outRoot);
  console.log('[esbuild] watching');
} else {
  const started = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const cliMeta = results.find((r) => r.metafile && Object.keys(r.metafile.outputs).some((o) => o.endsWith('cli-main.js')));
  if (cliMeta) writeFileSync(`${outRoot}/cli-main.meta.json`, JSON.stringify(cliMeta.metafile));
  chmodSync(`${outRoot}/cli.js`, 0o755);
  copyShellParserWasm(outRoot);
  console.log(`[esbuild] ${production ? 'production' : 'development'} build${cliOnly ? ` of the CLI into ${outRoot}` : ''} in ${Date.now() - started} ms`);
}
