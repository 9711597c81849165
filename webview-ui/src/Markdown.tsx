import { memo } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import type { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

const SAFE_LINK = /^(https?:|mailto:|#)/i;

// No raw HTML (react-markdown escapes it; skipHtml drops it), no images from anywhere (a remote image
// is a tracking pixel or an exfiltration channel for prompt-injected content), links only to
// http(s)/mailto: a javascript: or command: link never reaches the DOM.
const components: Components = {
  img: ({ alt }) => <span className="md-image-placeholder">[image{alt ? `: ${alt}` : ''}]</span>,
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
