// The tree-sitter runtime (web-tree-sitter as built for VS Code), required by parser.ts when the
// parser is first needed. In the extension it is a file of its own next to the bundle
// (dist/tree-sitter-runtime.js, esbuild.mjs): the extension's bundle is compiled inside a vm.Script
// (src/core/node/codeCache.ts), where the runtime's import() of Node's modules would need Node's
// experimental loader hook, while a file loaded with require() has Node's own import().
export { Language, Parser } from '@vscode/tree-sitter-wasm';
