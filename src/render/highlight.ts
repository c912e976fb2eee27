import type { HLJSApi } from 'highlight.js';
import { escapeHtml } from './escape';

// Loaded on the first highlighted block, never by the commands that print to a
// terminal: it is kept out of the bundle (scripts/bundle.mjs) so start-up does not pay
// for parsing it.
let hljs: HLJSApi | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- kept out of the bundle, loaded only for HTML
const api = () => (hljs ??= require('highlight.js/lib/common') as HLJSApi);

/** Larger blocks are shown plain: highlighting is linear but not free, and a page must stay fast. */
const MAX_HIGHLIGHT = 200_000;

/**
 * Code as HTML, highlighted on the server (the page runs no script) when `lang` names
 * a language highlight.js knows (a fence's info string or a file's extension); escaped
 * text otherwise. highlight.js escapes what it emits, so a session's text stays text.
 */
export function highlight(code: string, lang: string | undefined): string {
  const name = lang?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!name || code.length > MAX_HIGHLIGHT || !api().getLanguage(name)) return escapeHtml(code);
  return api().highlight(code, { language: name, ignoreIllegals: true }).value;
}

/** The language of a file, from its extension or name (`src/a.ts` → `ts`, `Makefile` → `makefile`). */
export function languageOfPath(path: string): string | undefined {
  const base = path.split(/[\\/]/).pop() ?? '';
  const ext = /\.([A-Za-z0-9+]+)$/.exec(base)?.[1] ?? base;
  return api().getLanguage(ext.toLowerCase()) ? ext.toLowerCase() : undefined;
}
