import { memo, useMemo } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import ReactMarkdown from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { linkTarget } from '../../src/protocol/links';
import { CodeBlock } from './CodeBlock';
import { splitBlocks } from './markdownBlocks';
import { STREAM_BATCHING } from './messageBatch';
import { postToHost } from './vscodeApi';

type HastNode = { type: string; value?: string; tagName?: string; properties?: { className?: unknown }; children?: HastNode[] };

function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/**
 * A link from model text. http(s) and mailto links show their full target on hover and open only
 * through the host (VS Code asks before an untrusted domain); the panel never follows one itself.
 * Any other link (command:, file:, vscode:, javascript:, relative) is plain text.
 */
export function Link({ href, children }: { href?: string; children?: React.ReactNode }) {
  const target = linkTarget(href);
  if (!target) return <span className="md-link-blocked">{children}</span>;
  const open = (e: MouseEvent | KeyboardEvent) => {
    e.preventDefault();
    postToHost({ type: 'openLink', url: target });
  };
  // No href: VS Code's webview host page turns a click on any <a href> into opening it at once (in
  // a trusted workspace without a question), whatever the panel's own handler does. Without one,
  // only openLink opens it, through openExternal, which asks about an untrusted domain.
  return (
    <a className="md-link" role="link" tabIndex={0} title={target} data-href={target} onClick={open} onAuxClick={open} onKeyDown={(e) => e.key === 'Enter' && open(e)}>
      {children}
    </a>
  );
}

// No raw HTML (react-markdown escapes it; skipHtml drops it), no images from anywhere (a remote image
// is a tracking pixel or an exfiltration channel for prompt-injected content), links only to
// http(s)/mailto through the host (Link). Fenced code becomes a CodeBlock (highlighting, Copy,
// Insert), built from the syntax tree's text, never from HTML.
const components: Components = {
  a: ({ href, children }) => <Link href={href}>{children}</Link>,
  img: ({ alt }) => <span className="md-image-placeholder">[image{alt ? `: ${alt}` : ''}]</span>,
  pre: ({ node, children }) => {
    const code = (node?.children as HastNode[] | undefined)?.find((c) => c.type === 'element' && c.tagName === 'code');
    if (!code) return <pre>{children}</pre>;
    const classes = Array.isArray(code.properties?.className) ? (code.properties.className as unknown[]) : [];
    const lang = classes.map(String).find((c) => c.startsWith('language-'))?.slice('language-'.length);
    return <CodeBlock code={textOf(code).replace(/\n$/, '')} lang={lang || undefined} />;
  },
};

/** URLs the Markdown keeps: links the policy allows; everything else becomes '' (a blocked link). */
function urlTransform(url: string): string {
  return linkTarget(url) ?? '';
}

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={urlTransform} components={components}>
      {text}
    </ReactMarkdown>
  );
});

/** Replies shorter than this render as one document; longer ones block by block (see markdownBlocks.ts). */
const SPLIT_ABOVE = 4096;
/** While streaming, a last block longer than this shows as plain text until the reply is finished. */
const PLAIN_TAIL_ABOVE = 32 * 1024;

/**
 * A reply's Markdown, cheap to update while it streams: each finished block is a memoized Markdown
 * (parsed once), and only the block still being written renders again.
 */
export const ReplyMarkdown = memo(function ReplyMarkdown({ text, streaming }: { text: string; streaming: boolean }) {
  const blocks = useMemo(() => (STREAM_BATCHING && text.length > SPLIT_ABOVE ? splitBlocks(text) : [text]), [text]);
  return (
    <>
      {blocks.map((block, i) =>
        STREAM_BATCHING && streaming && i === blocks.length - 1 && block.length > PLAIN_TAIL_ABOVE ? (
          <pre key={i} className="streaming-tail">
            {block}
          </pre>
        ) : (
          <Markdown key={i} text={block} />
        ),
      )}
    </>
  );
});
