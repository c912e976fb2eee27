import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listSessions } from '../api/list-sessions';
import { resolveSession } from '../api/resolve-id';
import { searchSessions } from '../api/search-sessions';
import { listShares } from '../api/share-session';
import { viewOf } from '../api/show-session';
import { agentsToContinueIn } from '../agents/registry';
import { KiroError } from '../errors';
import type { Workspace } from '../workspace/workspace';
import type { CommitTurns } from '../api/blame';
import { commitPage, listPage, notFoundPage, PAGE_SIZE, sessionPage, sharePage, sharesPage } from './pages';

/**
 * The read-only web viewer. Every page is built from the api (the same rendering as
 * `export --format html`), every piece of session content is escaped, and the pages
 * carry a CSP that allows no script at all. Only GET and HEAD.
 */
export interface ViewerOptions {
  /** The commits that carry a session (a git workspace has them; none otherwise). */
  commitsOf?: (id: string) => Promise<{ commit: string; subject: string }[]>;
  /** The address it was told to listen on, when that is not loopback (its name is accepted too). */
  host?: string;
  /** A commit's sessions and, per file it changed, the turn that changed it (git workspaces). */
  commitTurns?: (commit: string) => Promise<CommitTurns | undefined>;
}

/**
 * Whether a request's Host header names this server: 127.0.0.1, localhost or [::1]
 * with its port (or the --host it was given). Anything else is refused, so a web page
 * elsewhere cannot read the sessions by pointing its own name at 127.0.0.1 (DNS
 * rebinding).
 */
function hostAllowed(req: IncomingMessage, extra?: string): boolean {
  const port = req.socket.localPort;
  const names = ['127.0.0.1', 'localhost', '[::1]', ...(extra ? [extra.includes(':') && !extra.startsWith('[') ? `[${extra}]` : extra] : [])];
  return names.some((n) => req.headers.host?.toLowerCase() === `${n}:${port}`);
}

export function createViewer(ws: Workspace, opts: ViewerOptions = {}): Server {
  return createServer((req, res) => {
    handle(ws, opts, req, res).catch((e) => send(res, 500, `<h1>Error</h1><p>${String((e as Error).message).replace(/[<&>]/g, '')}</p>`));
  });
}

async function handle(ws: Workspace, opts: ViewerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!hostAllowed(req, opts.host)) return send(res, 421, 'this server answers to 127.0.0.1, localhost and [::1] only', 'text/plain');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'read-only', 'text/plain');
  // New sessions may have been saved since the last request: read the ref again.
  ws.refresh();
  const store = ws.sessions;
  const url = new URL(req.url ?? '/', 'http://viewer');
  const path = decodeURIComponent(url.pathname);
  if (path === '/') return list(ws, url, res);
  if (path === '/shares') return send(res, 200, sharesPage(await listShares(store)));
  const c = /^\/commit\/([0-9a-f]{7,64})$/.exec(path);
  if (c) {
    const details = await opts.commitTurns?.(c[1]).catch(() => undefined);
    return details ? send(res, 200, commitPage(details)) : send(res, 404, notFoundPage(`There is no commit ${c[1]} here.`));
  }
  const m = /^\/(session|share)\/([0-9A-Za-z-]{4,64})$/.exec(path);
  if (!m) return send(res, 404, notFoundPage(`There is no page at ${path}.`));
  let record;
  try {
    record = await resolveSession(store, m[2]);
  } catch (e) {
    if (e instanceof KiroError) return send(res, 404, notFoundPage(e.message));
    throw e;
  }
  const view = await viewOf(store, record);
  if (m[1] === 'share') {
    if (!record.share) return send(res, 404, notFoundPage(`${m[2]} is not a share.`));
    return send(res, 200, sharePage(view, view.messages.slice(0, 4), { agents: agentsToContinueIn() }));
  }
  return send(res, 200, sessionPage(view, (await opts.commitsOf?.(record.id)) ?? []));
}

async function list(ws: Workspace, url: URL, res: ServerResponse): Promise<void> {
  const store = ws.sessions;
  const raw = url.searchParams.get('dir');
  const dir = !raw ? undefined : raw === '.' ? '' : raw;
  const q = url.searchParams.get('q')?.trim() || undefined;
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const all = await listSessions(store, { all: true });
  const scopes = [...new Set(all.map((s) => s.scope))].sort();
  let sessions = dir === undefined ? all : all.filter((s) => s.scope === dir);
  if (q) {
    const hits = new Set((await searchSessions(store, q, { all: true })).map((h) => h.session.id));
    sessions = sessions.filter((s) => hits.has(s.id));
  }
  const shown = sessions.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  send(res, 200, listPage({ root: ws.root, sessions: shown, scopes, dir, q, page, total: sessions.length, searched: !!q }));
}

function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8'): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

