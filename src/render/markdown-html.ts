import type MarkdownItModule from 'markdown-it';

type MarkdownIt = MarkdownItModule.MarkdownIt;
import { highlight } from './highlight';

let md: MarkdownIt | undefined;

/**
 * The one Markdown renderer, built on first use (kept out of the bundle like
 * highlight.js). Raw HTML is off, so a session's `<script>` stays text and the page's
 * no-script CSP is never the only guard; images are off, so a page never fetches
 * anything (an image becomes a link); code fences are highlighted on the server.
 */
function renderer(): MarkdownIt {
  if (md) return md;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- kept out of the bundle, loaded only for HTML
  const MarkdownItCtor = require('markdown-it') as typeof MarkdownItModule;
  md = new MarkdownItCtor({ html: false, linkify: true, breaks: true, highlight: (code, lang) => `<pre class="code" tabindex="0"><code class="hljs">${highlight(code, lang)}</code></pre>` });
  md.disable('image');
  const link = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, i, options, env, self) => {
    tokens[i].attrSet('rel', 'nofollow noopener noreferrer');
    return link ? link(tokens, i, options, env, self) : self.renderToken(tokens, i, options);
  };
  return md;
}

/** A prompt, a reply or a thought as HTML: Markdown, with fenced code highlighted. */
export const markdownHtml = (text: string): string => renderer().render(text);

/** A title as one line of Markdown (`code`, **strong**), for headings: no block, no link. */
export const inlineMarkdownHtml = (text: string): string => renderer().renderInline(text).replace(/<a [^>]*>|<\/a>/g, '');
