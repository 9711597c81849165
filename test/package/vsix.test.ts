// Opens the packaged .vsix (made by `npm run package`) and checks that it ships the bundles and
// nothing else: no source maps, no sources or tests, nothing unbundled from node_modules.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import yauzl from 'yauzl';

const VSIX = join(resolve(__dirname, '..', '..'), 'artifacts', 'tandem.vsix');

function readEntries(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open vsix'));
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolvePromise(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the packaged .vsix', () => {
  let entries: Map<string, Buffer>;

  before(async function () {
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first`);
    entries = await readEntries(VSIX);
    const kb = (statSync(VSIX).size / 1024).toFixed(1);
    console.log(`      tandem.vsix: ${kb} KiB, ${entries.size} files`);
  });

  it('holds only the bundles, the shell parser wasm, icons, manifest and docs', () => {
    const allowed = [
      /^\[Content_Types\]\.xml$/,
      /^extension\.vsixmanifest$/,
      /^extension\/package\.json$/,
      /^extension\/package\.nls(\.[\w-]+)?\.json$/, // the contributions' titles (package.json uses %key% placeholders)
      /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/, // strings of the host and the webview (English source, translations)
      /^extension\/(readme\.md|README\.md)$/,
      /^extension\/LICENSE(\.txt)?$/,
      /^extension\/dist\/extension(-main)?\.js$/, // the loader and the bundle it evaluates
      /^extension\/dist\/provider-(bedrock|vertex|openai|proxy)\.js$/, // Claude on Bedrock/Vertex, OpenAI, a proxy (CLI/SDK only): loaded only when used
      /^extension\/dist\/tree-sitter(-bash)?\.wasm$/, // the shell parser, loaded from next to the bundle
      /^extension\/dist\/tree-sitter-runtime\.js$/, // its runtime, required on first use (it uses import())
      /^extension\/dist\/webview\/main\.(js|css)$/,
      /^extension\/media\/[\w.-]+\.(svg|png)$/,
    ];
    const unexpected = [...entries.keys()].filter((name) => !allowed.some((re) => re.test(name)));
    assert.deepEqual(unexpected, []);
  });

  it('ships the l10n bundle the manifest points at', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
    const bundle = JSON.parse(entries.get('extension/l10n/bundle.l10n.json')?.toString('utf8') ?? '{}') as Record<string, string>;
    assert.equal(bundle['Tandem needs your approval to run {0}.'], 'Tandem needs your approval to run {0}.');
  });

  it('has no source maps, sources, tests or node_modules', () => {
    const bad = [...entries.keys()].filter((n) => /\.map$|^extension\/(src|test|webview-ui|node_modules|scripts)\//.test(n));
    assert.deepEqual(bad, []);
    for (const [name, data] of entries) {
      if (name.endsWith('.js')) assert.ok(!data.toString('utf8').includes('sourceMappingURL'), `${name} points at a source map`);
    }
  });

  it('ships a small loader as the entry and the bundle it evaluates next to it', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as { main: string };
    const loader = entries.get(`extension/${manifest.main.replace(/^\.\//, '')}`)!.toString('utf8');
    assert.ok(loader.includes('extension-main.js'), 'the entry loads extension-main.js');
    assert.ok(loader.length < 20_000, `the loader is small (${loader.length} characters)`);
    assert.ok(!loader.includes('ZodError'), 'the loader holds none of the extension');
    assert.ok(![...entries.keys()].some((n) => n.endsWith('.v8cache')), 'no code cache ships: it belongs to the V8 that writes it');
  });

  it('ships a minified extension bundle that requires only vscode and Node built-ins', () => {
    const js = entries.get('extension/dist/extension-main.js')!.toString('utf8');
    // Not inside a string: ajv keeps `'require("ajv/dist/runtime/equal")'` as text for the code it
    // generates in standalone mode, which Tandem never uses.
    const required = new Set([...js.matchAll(/(?<!['"`])require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    // The Bedrock, Vertex and OpenAI SDKs are provider chunks next to the bundle, loaded on first use.
    const chunks = ['./provider-bedrock.js', './provider-vertex.js', './provider-openai.js', './provider-proxy.js', './tree-sitter-runtime.js'];
    const unbundled = [...required].filter((r) => r !== 'vscode' && !builtins.has(r) && !chunks.includes(r));
    assert.deepEqual(unbundled, [], 'every npm dependency is inside the bundle');
    for (const c of chunks) assert.ok(entries.has(`extension/dist/${c.slice(2)}`), `${c} ships next to the bundle`);
    // The loader compiles the bundle in a vm.Script, where import() needs Node's experimental default
    // loader (it works, with a warning). The one left is a library's fallback for a Node without
    // globalThis.crypto (before 19), which VS Code's never is.
    const imports = [...js.matchAll(/(?<![`'"\w$.])import\([^)]{0,40}\)/g)].map((m) => m[0]);
    assert.deepEqual(imports, ['import("node:crypto")'], 'no other dynamic import() outside strings');
    assert.match(js, /globalThis\.crypto\?\?import\("node:crypto"\)/);
    // Minified code keeps newlines only inside template strings: lines are thousands of characters.
    const avgLine = js.length / js.split('\n').length;
    assert.ok(avgLine > 2000, `minified (average line ${avgLine.toFixed(0)} characters)`);
  });

  it('keeps the schema library out of the webview bundle (the host validates, the panel only renders)', () => {
    const webview = entries.get('extension/dist/webview/main.js')!.toString('utf8');
    assert.ok(!webview.includes('ZodError'), 'a value import of src/protocol/messages.ts pulled zod into the webview');
    assert.ok(entries.get('extension/dist/extension-main.js')!.toString('utf8').includes('ZodError'), 'the host still validates with zod');
  });

  it('declares lazy activation and the Tandem contributions', () => {
    const pkg = JSON.parse(entries.get('extension/package.json')!.toString('utf8'));
    assert.equal(pkg.name, 'tandem');
    assert.equal(pkg.displayName, 'Tandem');
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    const commands: { command: string; category: string }[] = pkg.contributes.commands;
    assert.deepEqual(commands.filter((c) => c.category !== 'Tandem'), [], 'every command is under the Tandem category');
    const ids = commands.map((c) => c.command);
    for (const id of ['tandem.newChat', 'tandem.focusChat', 'tandem.setApiKey', 'tandem.proposal.acceptHunk', 'tandem.proposal.rejectHunk', 'tandem.proposal.acceptAll', 'tandem.proposal.rejectAll', 'tandem.proposal.nextHunk']) {
      assert.ok(ids.includes(id), `${id} is contributed`);
    }
    assert.equal(pkg.contributes.views.tandem[0].type, 'webview');
    // Every setting of the source manifest ships, and the ones every chat needs are among them.
    const settings = Object.keys(pkg.contributes.configuration.properties).sort();
    const source = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(settings, Object.keys(source.contributes.configuration.properties).sort());
    for (const key of ['tandem.provider', 'tandem.model', 'tandem.baseUrl', 'tandem.permissionMode', 'tandem.reasoningEffort']) assert.ok(settings.includes(key), `${key} is contributed`);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited', 'runs read-only in untrusted folders');
  });
});
