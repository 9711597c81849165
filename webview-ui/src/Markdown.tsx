import { memo } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';

const SAFE_LINK = /^(https?:|mailto:|#)/i;

type HastNode = { type: string; value?: string; tagName?: string; properties?: { className?: unknown }; children?: HastNode[] };

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

// No raw HTML (react-markdown escapes it; skipHtml drops it), no images from anywhere (a remote image
// is a tracking pixel or an exfiltration channel for prompt-injected content), links only to
// http(s)/mailto: a javascript: or command: link never reaches the DOM. Fenced code becomes a
// CodeBlock (highlighting, Copy, Insert), built from the syntax tree's text, never from HTML.
const components: Components = {
  img: ({ alt }) => <span className="md-image-placeholder">[image{alt ? `: ${alt}` : ''}]</span>,
  pre: ({ node, children }) => {
    const code = (node?.children as HastNode[] | undefined)?.find((c) => c.type === 'element' && c.tagName === 'code');
    if (!code) return <pre>{children}</pre>;
    const classes = Array.isArray(code.properties?.className) ? (code.properties.className as unknown[]) : [];
    const lang = classes.map(String).find((c) => c.startsWith('language-'))?.slice('language-'.length);
    return <CodeBlock code={textOf(code).replace(/\n$/, '')} lang={lang || undefined} />;
  },
};

function urlTransform(url: string): string {
  const safe = defaultUrlTransform(url);
  return SAFE_LINK.test(safe) ? safe : '';
}

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={urlTransform} components={components}>
      {text}
    </ReactMarkdown>
  );
});
