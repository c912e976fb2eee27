import type { CommitTurns } from '../api/blame';
import type { SessionView } from '../api/show-session';
import type { Message } from '../model/message';
import type { SessionSummary } from '../model/session-record';
import { escapeHtml as e, inlineMarkdownHtml, messagesHtml, metaHtml, page, scopeName } from '../render/html';
import { timeHtml } from '../render/time';

export const PAGE_SIZE = 50;

/** Where pages link: absolute paths under `serve`, relative files in a published site. */
export interface Links {
  home: string;
  shares: string;
  session?: (id: string) => string;
  share: (id: string) => string;
  commit?: (commit: string) => string;
}

export const SERVED: Links = { home: '/', shares: '/shares', session: (id) => `/session/${id}`, share: (id) => `/share/${id}`, commit: (c) => `/commit/${c}` };

const navOf = (l: Links) => `<nav aria-label="site"><a href="${l.home}">All sessions</a> · <a href="${l.shares}">Shares</a></nav>`;
const ago = (iso: string) => timeHtml(iso, e);

export function listPage(opts: { root: string; sessions: SessionSummary[]; scopes: string[]; dir?: string; q?: string; page: number; total: number; searched: boolean }): string {
  const { sessions, dir, q } = opts;
  // The root's scope is "": in the URL it is ".", and an empty value means every directory.
  const options = ['<option value="">every directory</option>', ...opts.scopes.map((s) => `<option value="${e(s || '.')}"${dir !== undefined && s === dir ? ' selected' : ''}>${e(scopeName(s))}</option>`)].join('');
  const rows = sessions
    .map(
      (s) => `<li class="row"><a href="/session/${e(s.id)}">${e(s.title)}</a>${s.private ? ' <span class="tag">private</span>' : ''}
<div class="sub">${e(scopeName(s.scope))} · ${ago(s.updatedAt)} · ${s.messageCount} msgs · <code>${e(s.id.slice(0, 8))}</code></div>
<div class="preview">${e(s.preview)}</div></li>`,
    )
    .join('\n');
  const qs = (p: number) => `?${new URLSearchParams({ ...(dir !== undefined ? { dir: dir || '.' } : {}), ...(q ? { q } : {}), page: String(p) }).toString()}`;
  const pages = Math.max(1, Math.ceil(opts.total / PAGE_SIZE));
  const pager = pages > 1 ? `<p class="pager">${opts.page > 1 ? `<a href="${qs(opts.page - 1)}">← newer</a> ` : ''}page ${opts.page} of ${pages}${opts.page < pages ? ` <a href="${qs(opts.page + 1)}">older →</a>` : ''}</p>` : '';
  const body = `<h1>Sessions</h1><p class="meta">${e(opts.root)} · ${opts.total} session${opts.total === 1 ? '' : 's'}${opts.searched ? ` mentioning “${e(q!)}”` : ''}</p>
<form method="get" action="/" role="search"><select name="dir" aria-label="directory">${options}</select>
<input type="search" name="q" value="${e(q ?? '')}" placeholder="search conversations" aria-label="search"><button>Filter</button></form>
<ul class="list">${rows || '<li>No sessions.</li>'}</ul>${pager}`;
  return page('Sessions', body, navOf(SERVED));
}

export function sessionPage(view: SessionView, commits: { commit: string; subject: string }[]): string {
  const r = view.record;
  const attached = commits.length
    ? `<h2>Commits</h2><ul>${commits.map((c) => `<li><a href="/commit/${e(c.commit)}"><code>${e(c.commit.slice(0, 12))}</code></a> ${e(c.subject)}</li>`).join('')}</ul>`
    : '';
  const shareNote = r.share ? `<p class="tag">A share of session <code>${e(r.share.session)}</code> by ${e(r.share.sharedBy.name)}</p>` : '';
  return page(r.title, `<h1>${inlineMarkdownHtml(r.title)}</h1>${shareNote}${metaHtml(r)}${attached}<h2>Conversation</h2>\n${messagesHtml(view.messages)}`, navOf(SERVED));
}

/** A commit: its sessions, and per file it changed the turn(s) that changed it, linked. */
export function commitPage(c: CommitTurns): string {
  const sessions = c.sessions.length ? `<ul>${c.sessions.map((s) => `<li><a href="/session/${e(s.id)}">${e(s.title)}</a> <code>${e(s.id.slice(0, 8))}</code></li>`).join('')}</ul>` : '<p>No session is attached to this commit.</p>';
  const rows = c.files
    .map((f) => `<tr><td><code>${e(f.file)}</code></td><td>${f.turns.length ? f.turns.map((t) => `<a href="/session/${e(t.session)}#turn-${t.turn}">turn ${t.turn}</a> of <code>${e(t.session.slice(0, 8))}</code>: ${e(t.prompt.slice(0, 120))}`).join('<br>') : '<span class="meta">no turn wrote it</span>'}</td></tr>`)
    .join('');
  return page(`Commit ${c.commit.slice(0, 12)}`, `<h1>${e(c.subject)}</h1><p class="meta">Commit <code>${e(c.commit)}</code></p><h2>Sessions</h2>${sessions}<h2>Files and the turns that changed them</h2><table><thead><tr><th scope="col">File</th><th scope="col">Turn</th></tr></thead><tbody>${rows}</tbody></table>`, navOf(SERVED));
}

/** The commands that continue a share: fork it, then resume it, or fork it straight into an agent. */
export function continueHtml(shareId: string, agents: { name: string; label: string }[]): string {
  const cmd = (what: string, command: string) => `<li>${what}<pre><code>${e(command)}</code></pre></li>`;
  return `<h2>Continue it</h2><ul class="cmds">
${cmd('Make it your own session, in the directory you are in:', `git kiro fork ${shareId}`)}
${agents.map((a) => cmd(`Or fork it and continue in ${e(a.label)}:`, `git kiro fork ${shareId} --into ${a.name}`)).join('\n')}
</ul>`;
}

/**
 * A share as Kilo shows one: who shared it and when, the title, the message count, the
 * commands to continue it, and a preview (`messages` is the whole conversation in a
 * published page, the first few under `serve`, which links to the rest).
 */
export function sharePage(view: SessionView, preview: Message[], opts: { links?: Links; agents?: { name: string; label: string }[] } = {}): string {
  const links = opts.links ?? SERVED;
  const r = view.record;
  const s = r.share!;
  const more = view.messages.length - preview.length;
  return page(
    `${r.title} (shared)`,
    `<h1>${inlineMarkdownHtml(r.title)}</h1>
<p class="meta">Shared by <strong>${e(s.sharedBy.name)}</strong> &lt;${e(s.sharedBy.email)}&gt; on ${ago(s.sharedAt)} · ${r.messageCount} messages · from ${e(scopeName(r.scope))}</p>
${continueHtml(r.id, opts.agents ?? [])}
<h2>${more > 0 ? 'Preview' : 'Conversation'}</h2>
${messagesHtml(preview)}
${more > 0 ? `<p class="meta">… and ${more} more messages.${links.session ? ` <a href="${links.session(r.id)}">Read all</a>` : ''}</p>` : ''}`,
    navOf(links),
  );
}

export function sharesPage(list: SessionSummary[], links: Links = SERVED): string {
  const rows = list
    .map((s) => `<li class="row"><a href="${e(links.share(s.id))}">${e(s.title)}</a><div class="sub">by ${e(s.share!.sharedBy.name)} · ${ago(s.share!.sharedAt)} · ${s.messageCount} msgs</div><div class="preview">${e(s.preview)}</div></li>`)
    .join('');
  return page('Shares', `<h1>Shares</h1><ul class="list">${rows || '<li>No shares.</li>'}</ul>`, navOf(links));
}

export function notFoundPage(what: string): string {
  return page('Not found', `<h1>Not found</h1><p>${e(what)}</p>`, navOf(SERVED));
}
