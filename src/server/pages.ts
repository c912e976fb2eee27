import type { CommitTurns } from '../api/blame';
import type { SessionView } from '../api/show-session';
import type { Message } from '../model/message';
import type { SessionSummary } from '../model/session-record';
import { escapeHtml as e, messagesHtml, metaHtml, page } from '../render/html';

export const PAGE_SIZE = 50;

const nav = `<nav><a href="/">All sessions</a> · <a href="/shares">Shares</a></nav>`;

export function listPage(opts: { root: string; sessions: SessionSummary[]; scopes: string[]; dir?: string; q?: string; page: number; total: number; searched: boolean }): string {
  const { sessions, dir, q } = opts;
  // The root's scope is "": in the URL it is ".", and an empty value means every directory.
  const options = ['<option value="">every directory</option>', ...opts.scopes.map((s) => `<option value="${e(s || '.')}"${dir !== undefined && s === dir ? ' selected' : ''}>${e(s || '.')}</option>`)].join('');
  const rows = sessions
    .map(
      (s) => `<li class="row"><a href="/session/${e(s.id)}">${e(s.title)}</a>${s.private ? ' <span class="tag">private</span>' : ''}
<div class="sub">${e(s.scope || '.')} · ${e(s.updatedAt.slice(0, 16).replace('T', ' '))} · ${s.messageCount} msgs · <code>${e(s.id.slice(0, 8))}</code></div>
<div class="preview">${e(s.preview)}</div></li>`,
    )
    .join('\n');
  const qs = (p: number) => `?${new URLSearchParams({ ...(dir !== undefined ? { dir: dir || '.' } : {}), ...(q ? { q } : {}), page: String(p) }).toString()}`;
  const pages = Math.max(1, Math.ceil(opts.total / PAGE_SIZE));
  const pager = pages > 1 ? `<p class="pager">${opts.page > 1 ? `<a href="${qs(opts.page - 1)}">← newer</a> ` : ''}page ${opts.page} of ${pages}${opts.page < pages ? ` <a href="${qs(opts.page + 1)}">older →</a>` : ''}</p>` : '';
  const body = `${nav}<h1>Sessions</h1><p class="meta">${e(opts.root)} · ${opts.total} session${opts.total === 1 ? '' : 's'}${opts.searched ? ` mentioning “${e(q!)}”` : ''}</p>
<form method="get" action="/"><select name="dir" aria-label="directory">${options}</select>
<input type="search" name="q" value="${e(q ?? '')}" placeholder="search conversations" aria-label="search"><button>Filter</button></form>
<ul class="list">${rows || '<li>No sessions.</li>'}</ul>${pager}`;
  return page('Sessions', body);
}

export function sessionPage(view: SessionView, commits: { commit: string; subject: string }[]): string {
  const r = view.record;
  const attached = commits.length
    ? `<h2>Commits</h2><ul>${commits.map((c) => `<li><a href="/commit/${e(c.commit)}"><code>${e(c.commit.slice(0, 12))}</code></a> ${e(c.subject)}</li>`).join('')}</ul>`
    : '';
  const shareNote = r.share ? `<p class="tag">A share of session <code>${e(r.share.session)}</code> by ${e(r.share.sharedBy.name)}</p>` : '';
  return page(r.title, `${nav}<h1>${e(r.title)}</h1>${shareNote}${metaHtml(r)}${attached}<h2>Conversation</h2>\n${messagesHtml(view.messages)}`);
}

/** A commit: its sessions, and per file it changed the turn(s) that changed it, linked. */
export function commitPage(c: CommitTurns): string {
  const sessions = c.sessions.length ? `<ul>${c.sessions.map((s) => `<li><a href="/session/${e(s.id)}">${e(s.title)}</a> <code>${e(s.id.slice(0, 8))}</code></li>`).join('')}</ul>` : '<p>No session is attached to this commit.</p>';
  const rows = c.files
    .map((f) => `<tr><td><code>${e(f.file)}</code></td><td>${f.turns.length ? f.turns.map((t) => `<a href="/session/${e(t.session)}#turn-${t.turn}">turn ${t.turn}</a> of <code>${e(t.session.slice(0, 8))}</code>: ${e(t.prompt.slice(0, 120))}`).join('<br>') : '<span class="meta">no turn wrote it</span>'}</td></tr>`)
    .join('');
  return page(`Commit ${c.commit.slice(0, 12)}`, `${nav}<h1>${e(c.subject)}</h1><p class="meta">Commit <code>${e(c.commit)}</code></p><h2>Sessions</h2>${sessions}<h2>Files and the turns that changed them</h2><table><thead><tr><th scope="col">File</th><th scope="col">Turn</th></tr></thead><tbody>${rows}</tbody></table>`);
}

export function sharePage(view: SessionView, preview: Message[]): string {
  const r = view.record;
  const s = r.share!;
  const cmd = `git kiro fork ${r.id}`;
  return page(
    `${r.title} (shared)`,
    `${nav}<h1>${e(r.title)}</h1>
<p class="meta">Shared by <strong>${e(s.sharedBy.name)}</strong> &lt;${e(s.sharedBy.email)}&gt; on ${e(s.sharedAt.slice(0, 16).replace('T', ' '))} · ${r.messageCount} messages</p>
<p>Make it your own session:</p>
<p><input class="cmd" readonly value="${e(cmd)}" aria-label="fork command" size="${cmd.length + 2}"></p>
<h2>Preview</h2>
${messagesHtml(preview)}
${view.messages.length > preview.length ? `<p class="meta">… and ${view.messages.length - preview.length} more messages. <a href="/session/${e(r.id)}">Read all</a></p>` : ''}`,
  );
}

export function sharesPage(list: SessionSummary[]): string {
  const rows = list.map((s) => `<li class="row"><a href="/share/${e(s.id)}">${e(s.title)}</a><div class="sub">by ${e(s.share!.sharedBy.name)} · ${e(s.share!.sharedAt.slice(0, 10))} · ${s.messageCount} msgs</div></li>`).join('');
  return page('Shares', `${nav}<h1>Shares</h1><ul class="list">${rows || '<li>No shares.</li>'}</ul>`);
}

export function notFoundPage(what: string): string {
  return page('Not found', `${nav}<h1>Not found</h1><p>${e(what)}</p>`);
}

export const EXTRA_CSS = `nav{font-size:.9rem;margin-bottom:1rem}.list{list-style:none;padding:0}.row{padding:.6rem 0;border-bottom:1px solid #d1d9e0}
.sub{color:#59636e;font-size:.85rem}.preview{font-size:.9rem;color:#1f2328;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
form{display:flex;gap:.5rem;margin:1rem 0}input[type=search]{flex:1;padding:.3rem}.tag{background:#fff8c5;border-radius:4px;padding:0 .3rem;font-size:.8rem}
.cmd{font:14px ui-monospace,monospace;padding:.4rem;border:1px solid #d1d9e0;border-radius:6px;background:#f6f8fa}.pager{text-align:center}`;
