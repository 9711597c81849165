// Localization: the English source bundle (l10n/bundle.l10n.json) holds every string the host and
// the webview look up, so translators see all of them; package.json's visible strings all come
// from package.nls.json; translations that ship cover only known strings with the same placeholders.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE, extract, extractFrom, render, ROOT } from '../../scripts/l10n';
import type { Extracted } from '../../scripts/l10n';
import { fillPlaceholders } from '../../src/protocol/format';
import { setL10nBundle, t as webviewT } from '../../webview-ui/src/l10n';

const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');

describe('l10n', () => {
  it('finds literal t() messages and reports calls it cannot read', () => {
    const found: Extracted = { strings: new Set(), dynamic: [] };
    extractFrom('a.tsx', "const a = t('Hello {0}', name); const b = <b title={t(`Plain`)} />; const c = t(label); x.t('not ours');", found);
    assert.deepEqual([...found.strings].sort(), ['Hello {0}', 'Plain']);
    assert.deepEqual(found.dynamic, ['a.tsx:1: t(label)']);
  });

  it('l10n/bundle.l10n.json is up to date with the sources (run `npm run l10n` after changing strings)', () => {
    const { bundle, dynamic } = extract();
    assert.ok(Object.keys(bundle).length > 150, 'the sources use t()');
    const stale = readFileSync(BUNDLE, 'utf8') !== render(bundle);
    if (stale) {
      const committed = readJson('l10n/bundle.l10n.json');
      const missing = Object.keys(bundle).filter((k) => !(k in committed));
      const unused = Object.keys(committed).filter((k) => !(k in bundle));
      assert.fail(`l10n/bundle.l10n.json is stale: missing ${JSON.stringify(missing)}, unused ${JSON.stringify(unused)}`);
    }
    // The only messages read from a variable are the slash-command descriptions, which the bundle lists.
    assert.deepEqual(dynamic.filter((d) => !/: t\(\w+\.description\)$/.test(d)), [], 'every other t() call has a literal message');
  });

  it("package.json's visible strings all come from package.nls.json, and every entry there is used", () => {
    const pkgText = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const pkg = JSON.parse(pkgText) as { l10n?: string; contributes: Record<string, unknown> };
    assert.equal(pkg.l10n, './l10n');
    const nls = readJson('package.nls.json');
    const literal: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (typeof node === 'string') {
        if (/\.(title|name|label|description|markdownDescription|enumDescriptions\.\d+)$/.test(path) && !/^%[\w.-]+%$/.test(node)) literal.push(`${path} = ${node}`);
        return;
      }
      if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, `${path}.${k}`);
    };
    visit(pkg.contributes, 'contributes');
    // The commands' category is the product name, the same in every language.
    assert.deepEqual(literal, [], 'contributed strings are %keys% of package.nls.json');
    const used = new Set([...pkgText.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]));
    assert.deepEqual([...used].filter((k) => typeof nls[k] !== 'string'), [], 'every %key% has an English text');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'no unused entries');
  });

  it('translations that ship cover known strings only, with the same placeholders', () => {
    const english = readJson('l10n/bundle.l10n.json');
    const nls = readJson('package.nls.json');
    const dir = join(ROOT, 'l10n');
    const translations = readdirSync(dir).filter((f) => /^bundle\.l10n\.[\w-]+\.json$/.test(f));
    for (const file of translations) {
      const bundle = readJson(`l10n/${file}`);
      for (const [key, value] of Object.entries(bundle)) {
        assert.ok(key in english, `${file}: "${key}" is not a string Tandem uses`);
        const text = typeof value === 'string' ? value : (value as { message?: string }).message;
        assert.equal(typeof text, 'string', `${file}: "${key}" has no text`);
        assert.equal(placeholders(text!), placeholders(key), `${file}: "${key}" keeps its placeholders`);
      }
      const language = file.replace(/^bundle\.l10n\.|\.json$/g, '');
      const pkgNls = join(ROOT, `package.nls.${language}.json`);
      if (existsSync(pkgNls)) for (const key of Object.keys(readJson(`package.nls.${language}.json`))) assert.ok(key in nls, `package.nls.${language}.json: unknown key ${key}`);
    }
  });
});

describe('the webview’s t()', () => {
  afterEach(() => setL10nBundle({}));

  it('uses the bundle’s text when there is one, else the English, filling {n} as vscode.l10n.t does', () => {
    assert.equal(webviewT('{0} images attached', 3), '3 images attached');
    setL10nBundle({ '{0} images attached': '{0} Bilder angehängt' });
    assert.equal(webviewT('{0} images attached', 3), '3 Bilder angehängt');
    assert.equal(webviewT('Cost: ${0}', '0.0100'), 'Cost: $0.0100', 'a $ before a placeholder stays');
    assert.equal(fillPlaceholders('{0} and {1}', ['a']), 'a and {1}', 'a missing argument leaves its placeholder');
  });
});
