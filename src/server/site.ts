import type { ShareToPublish } from '../api/publish-shares';
import { sharePage, sharesPage, type Links } from './pages';

/** A published site links by relative file name, so it works from any folder, host or file:// URL. */
const PUBLISHED: Links = { home: 'index.html', shares: 'index.html', share: (id) => `${id}.html` };

/**
 * The pages of a static site of shares: `index.html` lists them, `<SHARE_ID>.html`
 * shows one whole (who shared it, the commands to continue it, the conversation).
 * The same renderer as `serve`: no script, no external resource.
 */
export function siteFiles(shares: ShareToPublish[], agents: { name: string; label: string }[]): Map<string, string> {
  const files = new Map<string, string>();
  const sorted = [...shares].sort((a, b) => (a.record.share!.sharedAt < b.record.share!.sharedAt ? 1 : -1));
  files.set('index.html', sharesPage(sorted.map((s) => s.record), PUBLISHED));
  for (const s of sorted) files.set(PUBLISHED.share(s.record.id), sharePage(s, s.messages, { links: PUBLISHED, agents }));
  return files;
}
