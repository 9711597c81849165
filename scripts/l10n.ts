// The English source bundle for translators: every string the host (vscode.l10n through t() in
// src/extension/l10n.ts) and the webview (t() in webview-ui/src/l10n.ts) look up, read from the
// sources with TypeScript's parser, plus the slash-command descriptions (shown through t()).
// `npm run l10n` writes l10n/bundle.l10n.json; test/unit/l10n.test.ts fails when it is stale.
// A translation is l10n/bundle.l10n.<language>.json with the same keys (and package.nls.<language>.json).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { SLASH_COMMANDS } from '../src/protocol/input';

export const ROOT = resolve(__dirname, '..');
export const BUNDLE = join(ROOT, 'l10n', 'bundle.l10n.json');
const SOURCE_DIRS = ['src/extension', 'webview-ui/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

export interface Extracted {
  strings: Set<string>;
  /** Calls of t() whose message is not a string literal: no tool can extract them. */
  dynamic: string[];
}

/** Every t('…') message in one source text. */
export function extractFrom(fileName: string, text: string, into: Extracted): void {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't' && node.arguments.length > 0) {
      const arg = node.arguments[0];
      if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) into.strings.add(arg.text);
      else into.dynamic.push(`${fileName}:${source.getLineAndCharacterOfPosition(arg.getStart()).line + 1}: t(${arg.getText()})`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** The bundle as it should be: English text → English text, sorted. */
export function extract(): { bundle: Record<string, string>; dynamic: string[] } {
  const found: Extracted = { strings: new Set(), dynamic: [] };
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(join(ROOT, dir))) extractFrom(file.slice(ROOT.length + 1), readFileSync(file, 'utf8'), found);
  }
  for (const c of SLASH_COMMANDS) found.strings.add(c.description);
  const bundle: Record<string, string> = {};
  for (const s of [...found.strings].sort()) bundle[s] = s;
  return { bundle, dynamic: found.dynamic };
}

export function render(bundle: Record<string, string>): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

if (require.main === module) {
  const { bundle } = extract();
  writeFileSync(BUNDLE, render(bundle));
  console.log(`l10n: ${Object.keys(bundle).length} strings in ${BUNDLE.slice(ROOT.length + 1)}`);
}
