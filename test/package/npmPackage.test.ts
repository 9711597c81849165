// The npm package (made by `npm run package` into artifacts/): opens the tarball and checks what
// it ships, then installs it into an empty Node project, as a user would, and runs `npx tandem -p`,
// require('tandem'), the README's tutorial program (ES module) and its library example (TypeScript,
// type-checked against the shipped declarations) against the fake model. Installs and runs use a
// Node that meets the package's engines (Node 24 from the tools cache when this Node is older).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { nestedInstallEnv, toolPaths } from '../../scripts/tools';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { runProcess } from '../harness/process';
import type { ProcessRun } from '../harness/process';
import { readmeBlock, REPO_ROOT } from '../harness/readme';
import { checkTutorialRun, scriptTutorial, tutorialProgram } from '../harness/tutorial';

const ARTIFACTS = join(REPO_ROOT, 'artifacts');
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TARBALL = join(ARTIFACTS, `tandem-${version}.tgz`);

/** A node binary of at least the package's minimum (22). */
function supportedNode(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const node24 = toolPaths().node24;
  if (existsSync(node24)) return node24;
  throw new Error(`This is Node ${process.version} and the package needs Node 22 or newer: run "npm test" once (it installs Node 24 into the tools cache) or use Node 22+.`);
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [p.slice(base.length + 1)];
  });
}

describe('the npm package (tarball)', () => {
  let pkgDir: string;
  let manifest: Record<string, any>;
  const temps: string[] = [];
  const temp = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };

  before(() => {
    if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run "npm run package" first`);
    const dir = temp('tandem-tgz-');
    const r = spawnSync('tar', ['-xzf', TARBALL, '-C', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    pkgDir = join(dir, 'package');
    manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  });
  after(() => {
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  it('holds only the bundles, the declarations, the shell parser wasm, manifest and docs', () => {
    const allowed = [
      /^package\.json$/,
      /^README\.md$/,
      /^LICENSE$/,
      /^dist\/(cli|cli-main|index)\.js$/, // cli.js: the launcher that loads cli-main.js through its code cache
      /^dist\/index\.mjs$/,
      /^dist\/index\.d\.ts$/,
      /^dist\/tree-sitter(-bash)?\.wasm$/,
      /^dist\/tree-sitter-runtime\.js$/, // the shell parser's runtime for the CLI, required on first use
      /^dist\/provider-(bedrock|vertex|openai|proxy)\.js$/, // Claude on Bedrock / Vertex, OpenAI, a proxy: required only when used
    ];
    assert.deepEqual(files(pkgDir).filter((f) => !allowed.some((re) => re.test(f))), []);
  });

  it('ships no TypeScript sources, source maps, tests or vscode import', () => {
    const all = files(pkgDir);
    assert.deepEqual(all.filter((f) => /(?<!\.d)\.ts$|\.map$|(^|\/)(src|test|node_modules)\//.test(f)), []);
    for (const f of all.filter((n) => /\.(m?js|d\.ts)$/.test(n))) {
      const text = readFileSync(join(pkgDir, f), 'utf8');
      assert.ok(!/sourceMappingURL/.test(text), `${f} points at a source map`);
      assert.ok(!/require\(["']vscode["']\)|from ["']vscode["']|import\(["']vscode["']\)/.test(text), `${f} imports vscode`);
    }
  });

  it('bundles every dependency except the declared ones', () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const shipped = new Set(files(pkgDir));
    // (The provider chunks hold the AWS and Google SDKs as published, with their own guarded optional requires.)
    for (const f of ['dist/cli.js', 'dist/cli-main.js', 'dist/index.js']) {
      const js = readFileSync(join(pkgDir, f), 'utf8');
      // Not the code ajv keeps as text for its standalone mode ('require("ajv/dist/runtime/…")', never run).
      const required = new Set([...js.matchAll(/(?<!['`])require\(["']([^"']+)["']\)/g)].map((m) => m[1]!));
      // A relative require names a file shipped beside the bundle (the provider chunks).
      for (const r of required) if (r.startsWith('./')) assert.ok(shipped.has(`dist/${r.slice(2)}`), `${f} requires ${r}, which the package ships`);
      const stray = [...required].filter((r) => !builtins.has(r) && !r.startsWith('./') && !declared.has(r.split('/').slice(0, r.startsWith('@') ? 2 : 1).join('/')));
      assert.deepEqual(stray, [], `${f} requires only Node built-ins and declared dependencies`);
    }
  });

  it('declares bin tandem, the SDK as main export for import and require with types, and Node 22+', () => {
    assert.equal(manifest.name, 'tandem');
    assert.deepEqual(manifest.bin, { tandem: 'dist/cli.js' });
    assert.match(readFileSync(join(pkgDir, 'dist/cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
    assert.deepEqual(manifest.exports['.'], { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.js' });
    assert.equal(manifest.types, './dist/index.d.ts');
    assert.equal(manifest.engines.node, '>=22');
    assert.equal(manifest.scripts, undefined, 'nothing runs at install time');
    const dts = readFileSync(join(pkgDir, 'dist/index.d.ts'), 'utf8');
    for (const name of ['createAgent', 'query', 'prompt', 'defineTool', 'approveSettings']) assert.match(dts, new RegExp(`export declare function ${name}\\b`));
    for (const type of ['AgentOptions', 'Agent', 'PromptResult', 'QueryEvent', 'ToolDefinition', 'AgentEvent', 'PermissionSwitches']) {
      assert.match(dts, new RegExp(`export (type|interface) ${type}\\b|export \\{[^}]*\\b${type}\\b`), `index.d.ts exports ${type}`);
    }
  });

  describe('installed into an empty Node project', function () {
    this.timeout(300_000);
    let project: string;
    let home: string;
    let llm: FakeLlm;
    let env: NodeJS.ProcessEnv;
    let node: string;

    const inProject = (cmd: string, args: string[], extra: Record<string, string> = {}): Promise<ProcessRun> =>
      runProcess(cmd, args, { cwd: project, env: { ...env, ...extra }, timeoutMs: 240_000 });
    const withModel = () => ({ HOME: home, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl });

    before(async () => {
      node = supportedNode();
      llm = await startFakeLlm();
      project = temp('tandem-consumer-');
      home = temp('tandem-consumer-home-');
      writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
      // No npm_* settings of an npm that may have started this test; the supported Node first on PATH
      // (npm itself and npx-started bins run under it); the user's ~/.npmrc (registry, cache) is kept.
      env = nestedInstallEnv(process.env, { PATH: `${dirname(node)}${delimiter}${process.env.PATH}` });
      for (const k of Object.keys(env)) if (/^(ANTHROPIC|OPENAI|TANDEM)_/.test(k)) delete env[k];
      // The optional type-only peers too, so the library example type-checks without skipLibCheck.
      const peers = ['zod', '@modelcontextprotocol/sdk'].map((d) => `${d}@${(JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', d, 'package.json'), 'utf8')) as { version: string }).version}`);
      const r = await inProject('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', TARBALL, ...peers]);
      assert.equal(r.code, 0, `npm install failed:\n${r.stdout}\n${r.stderr}`);
      assert.ok(!/EBADENGINE/.test(r.stderr), r.stderr);
    });
    after(async () => {
      await llm?.close();
    });

    it('npx tandem -p answers from the model', async () => {
      llm.push({ content: [{ type: 'text', text: 'Hello from the packaged CLI.' }] });
      const r = await inProject('npx', ['--no-install', 'tandem', '-p', 'Say hello'], withModel());
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'Hello from the packaged CLI.\n');
      assert.equal(llm.requests.at(-1)!.body.messages[0].content[0].text, 'Say hello');
    });

    it('npx tandem -p can search with the ripgrep the package depends on', async () => {
      mkdirSync(join(project, 'src'), { recursive: true });
      writeFileSync(join(project, 'src', 'needle.txt'), 'a needle in here\n');
      llm.push({ content: [{ type: 'tool_use', id: 'tu_grep', name: 'Grep', input: { pattern: 'needle', path: join(project, 'src') } }] }, { content: [{ type: 'text', text: 'Found it.' }] });
      // Only Node on PATH: no system rg to fall back on.
      const r = await inProject(node, [join(project, 'node_modules', '.bin', 'tandem'), '-p', 'find the needle'], { ...withModel(), PATH: dirname(node) });
      assert.equal(r.code, 0, r.stderr);
      const result = llm.requests.at(-1)!.body.messages.at(-1).content.find((b: { type: string }) => b.type === 'tool_result');
      // Relative to the working directory (the project), as Grep names files inside it.
      assert.equal(result.content, 'Found 1 file\nsrc/needle.txt');
    });

    it("require('tandem') gives the SDK in CommonJS", async () => {
      llm.push({ content: [{ type: 'text', text: 'From require.' }] });
      writeFileSync(
        join(project, 'cjs.cjs'),
        "const { createAgent, defineTool, prompt, query } = require('tandem');\n" +
          "if ([createAgent, defineTool, prompt, query].some((f) => typeof f !== 'function')) throw new Error('missing exports');\n" +
          "createAgent({ provider: 'anthropic', persistSession: false }).prompt('hi').then((r) => console.log(String(r)));\n",
      );
      const r = await inProject(node, ['cjs.cjs'], withModel());
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'From require.\n');
    });

    it("the README's tutorial program runs as an ES module, import line and all", async () => {
      const ws = temp('tandem-consumer-ws-');
      writeFileSync(join(project, 'tutorial.mjs'), tutorialProgram());
      scriptTutorial(llm, ws);
      const before = llm.requests.length;
      const r = await runProcess(node, [join(project, 'tutorial.mjs')], { cwd: ws, env: { ...env, ...withModel() }, timeoutMs: 60_000 });
      llm.requests.splice(0, before);
      checkTutorialRun(r, llm, ws);
    });

    it("the README's library example type-checks against the shipped declarations and runs", async () => {
      const example = readmeBlock('## Library use', 'ts');
      assert.match(example, /from 'tandem'/);
      writeFileSync(join(project, 'example.mts'), example);
      const tsc = await inProject(node, [
        join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
        '--types', 'node', '--typeRoots', join(REPO_ROOT, 'node_modules', '@types'),
        'example.mts',
      ]);
      assert.equal(tsc.code, 0, `tsc:\n${tsc.stdout}${tsc.stderr}`);

      const ws = temp('tandem-consumer-ws-');
      llm.push(
        { content: [{ type: 'tool_use', id: 'toolu_t1', name: 'get_ticket', input: { id: 'TAN-42' } }] },
        { content: [{ type: 'text', text: 'TAN-42: the Safari login button.' }] },
      );
      const r = await runProcess(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(project, 'example.mts')], { cwd: ws, env: { ...env, ...withModel() }, timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.split('\n')[0], 'TAN-42: the Safari login button.');
    });
  });
});
