// Syntax highlighting for code blocks: highlight.js grammars through lowlight, which returns a tree
// (not an HTML string), rendered here as React elements: no innerHTML anywhere. Only a handful of
// common languages are registered to keep the bundle small; others show as plain text. Colours come
// from styles.css, which maps highlight.js token classes onto VS Code theme variables.
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';
import type { ReactNode } from 'react';

const lowlight = createLowlight({
  bash, c, cpp, csharp, css, diff, dockerfile, go, ini, java, javascript, json, makefile, markdown, python, rust, shell, sql, typescript, xml, yaml,
});
// Names models use in fences that the grammars do not list as aliases.
lowlight.registerAlias({ bash: ['shellscript', 'console'], javascript: ['node'], json: ['jsonc', 'json5'], xml: ['vue', 'svelte'] });

/** Past this size a block shows as plain text: highlighting it on every streamed delta would stall typing. */
const MAX_HIGHLIGHT_CHARS = 100_000;

/** The registered grammar for a fence's language name ("ts", "TypeScript", "sh"), if any. */
export function grammarFor(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  const name = lang.toLowerCase();
  return lowlight.registered(name) ? name : undefined;
}

type HastNode = { type: string; value?: string; tagName?: string; properties?: { className?: unknown }; children?: HastNode[] };

function render(nodes: HastNode[] | undefined): ReactNode[] {
  if (!nodes) return [];
  return nodes.map((n, i) => {
    if (n.type === 'text') return n.value ?? '';
    if (n.type !== 'element') return null;
    const cls = n.properties?.className;
    return (
      <span key={i} className={Array.isArray(cls) ? cls.join(' ') : undefined}>
        {render(n.children)}
      </span>
    );
  });
}

/** The code as highlighted React nodes, or the plain text when the language is unknown. */
export function highlight(code: string, lang: string | undefined): ReactNode {
  const grammar = grammarFor(lang);
  if (!grammar || code.length > MAX_HIGHLIGHT_CHARS) return code;
  try {
    return render(lowlight.highlight(grammar, code).children as HastNode[]);
  } catch {
    // A grammar that throws on odd input must not take the message down with it.
    return code;
  }
}
