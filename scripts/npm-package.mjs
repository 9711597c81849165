// The npm package: Tandem's CLI (bin `tandem`) and its SDK (createAgent, query, prompt, defineTool),
// packed with `npm pack` into artifacts/ beside the .vsix. The repository's package.json is the
// VS Code extension's manifest (contributions, vsce settings, dev tooling), so the package gets its
// own manifest, generated here into a staging folder together with:
//   dist/cli.js            the CLI's launcher (compiles the bundle through its code cache), and
//   dist/cli-main.js       the CLI bundle of the production build (esbuild.mjs --production)
//   dist/index.js          the SDK as one CommonJS bundle (require('tandem'))
//   dist/index.mjs         an ES module re-exporting it by name (import { createAgent } from 'tandem')
//   dist/index.d.ts        the SDK's declarations, bundled into one file (dts-bundle-generator)
//   dist/*.wasm            the shell parser, loaded from next to the bundles
//   dist/tree-sitter-runtime.js  its runtime for the CLI, required on first use (esbuild.mjs says why)
//   dist/provider-*.js     the Bedrock, Vertex and OpenAI SDKs, required only when those are used (esbuild.mjs)
// No TypeScript sources, source maps or tests; nothing that imports 'vscode' (src/core never does).
// Run after `node esbuild.mjs --production` (scripts/package.mjs does both).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const STAGE = join(ROOT, 'build', 'npm-package');
const ARTIFACTS = join(ROOT, 'artifacts');
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const require = createRequire(import.meta.url);

// Node 22 is the minimum: the bundled openai SDK (v7) requires it, and Node 20 reached its end of
// life in April 2026. The package test installs and runs the tarball under Node 24.
const NODE_ENGINE = '>=22';
// Loaded at run time from node_modules instead of bundled: ripgrep, ~56 MB of prebuilt binaries for
// every platform (Glob and Grep run it).
const RUNTIME_DEPENDENCIES = ['@vscode/ripgrep-universal'];
// The provider chunks esbuild.mjs builds beside the bundles: the SDK bundle requires them from there
// too, only when Claude on Bedrock or Vertex is used.
const PROVIDER_CHUNKS = ['provider-bedrock.js', 'provider-vertex.js', 'provider-openai.js', 'provider-proxy.js'];
const providerChunksExternal = {
  name: 'provider-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\/provider-(bedrock|vertex|openai|proxy)$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

function run(cmd, args, cwd = ROOT) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  return r.stdout;
}

if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run "node esbuild.mjs --production" first');
rmSync(STAGE, { recursive: true, force: true });
mkdirSync(join(STAGE, 'dist'), { recursive: true });

await esbuild.build({
  entryPoints: { index: join(ROOT, 'src/core/index.ts') },
  outdir: join(STAGE, 'dist'),
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: RUNTIME_DEPENDENCIES,
  plugins: [providerChunksExternal],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});

// ESM: Node can import the CommonJS bundle, but its named exports are listed here explicitly so
// `import { createAgent } from 'tandem'` never depends on Node guessing them.
const names = Object.keys(require(join(STAGE, 'dist', 'index.js'))).filter((n) => n !== 'default' && n !== '__esModule');
writeFileSync(
  join(STAGE, 'dist', 'index.mjs'),
  `import sdk from './index.js';\n${names.map((n) => `export const ${n} = sdk.${n};`).join('\n')}\nexport default sdk;\n`,
);

run(process.execPath, [
  join(ROOT, 'node_modules', 'dts-bundle-generator', 'dist', 'bin', 'dts-bundle-generator.js'),
  '--project', join(ROOT, 'tsconfig.json'),
  '--no-banner',
  '--no-check', // the package test type-checks a program against it instead (a check here takes minutes)
  '--export-referenced-types', 'false',
  '-o', join(STAGE, 'dist', 'index.d.ts'),
  join(ROOT, 'src/core/index.ts'),
]);
// The ES module's declarations are the same: `types` points both conditions at them.

for (const file of ['cli.js', 'cli-main.js']) copyFileSync(join(ROOT, 'dist', file), join(STAGE, 'dist', file));
for (const file of ['tree-sitter.wasm', 'tree-sitter-bash.wasm', 'tree-sitter-runtime.js', ...PROVIDER_CHUNKS]) copyFileSync(join(ROOT, 'dist', file), join(STAGE, 'dist', file));
copyFileSync(join(ROOT, 'README.md'), join(STAGE, 'README.md'));
copyFileSync(join(ROOT, 'LICENSE'), join(STAGE, 'LICENSE'));

const TYPE_PEERS = ['zod', '@modelcontextprotocol/sdk'];
const versionOf = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
const manifest = {
  name: root.name,
  version: root.version,
  description: 'Tandem, an open agentic coding assistant: the headless CLI (tandem -p, Claude Code-compatible flags) and the in-process SDK (createAgent, query, prompt, defineTool).',
  license: root.license,
  repository: root.repository,
  keywords: root.keywords,
  engines: { node: NODE_ENGINE },
  bin: { tandem: 'dist/cli.js' },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.js' },
    './package.json': './package.json',
  },
  files: ['dist/'],
  dependencies: Object.fromEntries(RUNTIME_DEPENDENCIES.map((d) => [d, versionOf(d)])),
  // Types only (the code is bundled): zod for tools written with zod schemas (plain JSON schema
  // works too), the MCP SDK for the types of agent.mcp. Optional: install them to type-check those.
  peerDependencies: Object.fromEntries(TYPE_PEERS.map((d) => [d, `^${versionOf(d)}`])),
  peerDependenciesMeta: Object.fromEntries(TYPE_PEERS.map((d) => [d, { optional: true }])),
};
writeFileSync(join(STAGE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

mkdirSync(ARTIFACTS, { recursive: true });
const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', ARTIFACTS], STAGE))[0];
console.log(`[npm-package] artifacts/${packed.filename}: ${(packed.size / 1024).toFixed(0)} KiB, ${packed.entryCount} files`);
