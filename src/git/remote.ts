import { createHash } from 'node:crypto';
import { ExternalError, NotFoundError } from '../errors';
import { runGit } from './run-git';
import { refFromFiles } from './repo';

const TRACKING_PREFIX = 'refs/notes/kiro-remote/';

/**
 * The remote git would use: the current branch's upstream remote, else `origin`, else
 * the only remote. Throws NotFoundError when there is none to choose.
 */
export async function defaultRemote(cwd: string): Promise<string> {
  const [branchRemote, remotes] = await Promise.all([
    runGit(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], { cwd, okCodes: [0, 128] }),
    runGit(['remote'], { cwd }),
  ]);
  const names = remotes.stdout.toString().split('\n').filter((n) => n && !n.startsWith(LEAN_PREFIX));
  const upstream = branchRemote.code === 0 ? branchRemote.stdout.toString().trim() : '';
  const fromUpstream = names.filter((n) => upstream.startsWith(`${n}/`)).sort((a, b) => b.length - a.length)[0];
  const chosen = fromUpstream ?? (names.includes('origin') ? 'origin' : names.length === 1 ? names[0] : undefined);
  if (!chosen) {
    throw new NotFoundError(names.length ? `several remotes (${names.join(', ')}) and none is origin or this branch's upstream` : 'this repository has no remote', {
      hint: names.length ? 'name one: git kiro sync <REMOTE>' : 'add one: git remote add origin <URL>',
    });
  }
  return chosen;
}

/** The names of the configured remotes (not the ones lean fetches go through). */
export async function listRemotes(cwd: string): Promise<string[]> {
  return (await runGit(['remote'], { cwd })).stdout.toString().split('\n').filter((n) => n && !n.startsWith(LEAN_PREFIX));
}

/** Tips of the remotes' sessions as last fetched or pushed (refs/notes/kiro-remote/*). */
export async function trackingTips(cwd: string): Promise<{ remote: string; tip: string }[]> {
  const r = await runGit(['for-each-ref', '--format=%(objectname) %(refname)', TRACKING_PREFIX], { cwd });
  return r.stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ tip: l.slice(0, l.indexOf(' ')), remote: l.slice(l.indexOf(' ') + 1 + TRACKING_PREFIX.length) }));
}

/** Records that the remote now has `tip` (after a push), so the next merge base is right. */
export async function setTrackingTip(cwd: string, remote: string, tip: string): Promise<void> {
  await runGit(['update-ref', trackingRef(remote), tip], { cwd });
}

/** The tracking ref of a remote's sessions. Under refs/notes/ (git requires it for notes refs), never pushed, never listed as sessions. */
export const trackingRef = (remote: string) => `${TRACKING_PREFIX}${refSafe(remote)}`;

/**
 * A remote's name as one ref component. A configured remote's name is used as it is;
 * a path or URL given as REMOTE (`git kiro push ../other.git`) is named by a hash of it.
 */
function refSafe(remote: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/.test(remote) && !remote.endsWith('.lock')) return remote;
  return `url-${createHash('sha1').update(remote).digest('hex').slice(0, 16)}`;
}

/**
 * Fetches the remote's refs/notes/kiro into its tracking ref (forced: it mirrors the
 * remote; nothing local is ever overwritten). Returns the remote tip, or undefined
 * when the remote has no sessions yet. Transport is git's: paths, ssh, https.
 */
export async function fetchNotes(cwd: string, remote: string, ref: string, opts: { lean?: boolean; config: Map<string, string[]>; commonDir: string }): Promise<string | undefined> {
  const lean = opts.lean ? await leanRemote(cwd, remote, opts.config) : undefined;
  const r = await runGit(['fetch', '--no-tags', '--no-write-fetch-head', ...(lean ? [`--filter=${LEAN_FILTER}`, lean.name] : ['--quiet', remote]), `+${ref}:${trackingRef(remote)}`], { cwd, okCodes: [0, 1, 128] });
  // A fetch that failed brought nothing: the lean remote would only linger (the next pull starts afresh).
  if (lean && r.code !== 0) await dropLeanRemote(cwd, lean.name);
  else if (lean && (lean.fresh || /filtering not recognized/i.test(r.stderr))) await settleLeanRemote(cwd, lean.name, trackingRef(remote), /filtering not recognized/i.test(r.stderr));
  if (r.code !== 0) {
    if (/couldn't find remote ref/i.test(r.stderr)) {
      // The remote has none: forget any stale tracking ref so merges start clean.
      await runGit(['update-ref', '-d', trackingRef(remote)], { cwd, okCodes: [0, 1] });
      return undefined;
    }
    throw new ExternalError(`fetching sessions from ${remote} failed: ${firstLine(r.stderr)}`, { data: { stderr: r.stderr } });
  }
  // The tip it fetched, from the ref's file where it can be read (no process).
  return refFromFiles({ commonDir: opts.commonDir }, trackingRef(remote)) ?? (await runGit(['rev-parse', trackingRef(remote)], { cwd })).stdout.toString().trim();
}

/**
 * Lean fetches leave out blobs over this size: the records (about 0.5 KB), their `.id`
 * sidecars and commits' attachments come; conversations (5-200 KB) come when opened.
 */
export const LEAN_FILTER = 'blob:limit=8k';

/** The prefix of the remotes lean fetches go through (hidden from every list git-kiro shows). */
const LEAN_PREFIX = 'kiro-lean-';

/**
 * The remote a lean fetch of `remote`'s sessions goes through: `kiro-lean-<remote>`, the
 * same URL, marked as git's promisor remote with the lean filter and left out of
 * `git fetch --all`. A filtered fetch from the user's own remote would make git record
 * the filter on it (and on its lazy fetches), so every later fetch of their code would
 * be filtered too; through this one, the user's remotes are never changed. Undefined
 * for a remote given as a path or URL (nothing to mirror).
 */
async function leanRemote(cwd: string, remote: string, config: Map<string, string[]>): Promise<{ name: string; fresh: boolean } | undefined> {
  // The command's one read of the config (readConfig holds the remotes' keys).
  const cfg = new Map([...config].map(([k, v]) => [k, v.at(-1) ?? ''] as const));
  const url = cfg.get(`remote.${remote}.url`);
  if (!url || remote.startsWith(LEAN_PREFIX)) return undefined;
  const name = `${LEAN_PREFIX}${refSafe(remote)}`;
  // Marked when its server turned out not to filter: fetch everything, as without it.
  if (cfg.get(`remote.${name}.promisor`) === 'false' && cfg.get(`remote.${name}.url`) === url) return undefined;
  const want: [string, string][] = [
    ['url', url],
    ['promisor', 'true'],
    ['partialclonefilter', LEAN_FILTER],
    ['skipfetchall', 'true'],
  ];
  for (const [k, v] of want) if (cfg.get(`remote.${name}.${k}`) !== v) await runGit(['config', `remote.${name}.${k}`, v], { cwd });
  return { name, fresh: !cfg.has(`remote.${name}.url`) };
}

/**
 * After the first lean fetch from a remote: if nothing was left on it (a server that
 * does not filter, which not every transport reports), the lean remote stops being a
 * promisor and is marked, so later pulls fetch everything directly and nothing lingers
 * as a promisor. Costs one walk of the notes tree, once.
 */
async function settleLeanRemote(cwd: string, name: string, tip: string, unfiltered: boolean): Promise<void> {
  if (!unfiltered) {
    const walk = await runGit(['rev-list', '--objects', '--no-walk', '--missing=print', tip], { cwd, env: { ...process.env, GIT_NO_LAZY_FETCH: '1' } });
    if (/^\?/m.test(walk.stdout.toString())) return;
  }
  await runGit(['config', `remote.${name}.promisor`, 'false'], { cwd });
  await runGit(['config', '--unset-all', `remote.${name}.partialclonefilter`], { cwd, okCodes: [0, 5] });
}

/** Forgets a lean remote after a failed fetch. */
async function dropLeanRemote(cwd: string, name: string): Promise<void> {
  await runGit(['config', '--remove-section', `remote.${name}`], { cwd, okCodes: [0, 1, 128] });
}

/**
 * Fetches, in one round trip, those of `blobs` that a lean fetch left on the remote
 * (what git would otherwise fetch one process at a time, as each is read). Quietly does
 * nothing without a promisor remote, or when the fetch fails (each read still fetches
 * its own).
 */
export async function fetchMissing(cwd: string, notesTip: string | undefined, blobs: string[]): Promise<number> {
  if (!blobs.length || !notesTip) return 0;
  const promisors = (await runGit(['config', '--get-regexp', '^remote\\..*\\.promisor$'], { cwd, okCodes: [0, 1] })).stdout.toString().split('\n').filter((l) => /\s(true|yes|on|1)$/i.test(l));
  const names = promisors.map((l) => l.replace(/^remote\.(.*)\.promisor\s.*$/i, '$1'));
  const remote = names.find((n) => n.startsWith(LEAN_PREFIX)) ?? names[0];
  if (!remote) return 0;
  // Which are missing: the objects of the notes tree, missing ones printed as `?<id>`
  // (cat-file and a rev-list from the blobs themselves stop at the first missing one).
  const walk = await runGit(['rev-list', '--objects', '--no-walk', '--missing=print', notesTip], { cwd, env: { ...process.env, GIT_NO_LAZY_FETCH: '1' } });
  const absent = new Set(walk.stdout.toString().split('\n').filter((l) => l.startsWith('?')).map((l) => l.slice(1).trim()));
  const missing = blobs.filter((b) => absent.has(b));
  if (!missing.length) return 0;
  // What git's own lazy fetch runs (promisor-remote.c), with every id at once.
  const r = await runGit(['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', remote, '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', '--stdin'], { cwd, input: `${missing.join('\n')}\n`, okCodes: [0, 1, 128] });
  return r.code === 0 ? missing.length : 0;
}

export type PushResult = { status: 'ok' } | { status: 'non-fast-forward' } | { status: 'rejected'; reason: string };

/**
 * Pushes `commit` to the remote's refs/notes/kiro without force, and without running
 * our own pre-push hook again (GIT_KIRO_PUSHING). The answer is read from git's own
 * per-ref status (`--porcelain`: a flag, the refspec, a summary and a reason), never
 * from the wording of messages, which hosts, hooks and git versions change:
 * - rejected as not a fast-forward (or fetch first, stale info), or refused by the
 *   remote because its ref lock was held or moved (another push at the same moment):
 *   a retry after fetch and merge can help;
 * - anything else the remote refuses (a hook, a ruleset, permissions) is final, and
 *   reported with the remote's own words (its `remote:` lines).
 */
export async function pushNotes(cwd: string, remote: string, commit: string, ref: string, lease?: string): Promise<PushResult> {
  // A lease replaces history on purpose (purge), and only if the remote is where we saw it.
  const force = lease !== undefined ? [`--force-with-lease=${ref}:${lease}`] : [];
  const r = await runGit(['push', '--porcelain', ...force, remote, `${commit}:${ref}`], {
    cwd,
    okCodes: [0, 1, 128],
    env: { ...process.env, GIT_KIRO_PUSHING: '1' },
  });
  const status = refStatus(r.stdout.toString(), ref);
  if (status && status.flag !== '!') return { status: 'ok' };
  if (!status) {
    // No status line: the push never reached the ref (no such remote, no connection).
    if (r.code === 0) return { status: 'ok' };
    return { status: 'rejected', reason: firstLine(r.stderr) || `exit code ${r.code}` };
  }
  const retryable = status.summary.startsWith('[rejected]') ? /^(non-fast-forward|fetch first|stale info)$/.test(status.reason) : /failed to update ref|cannot lock ref|unable to create .*\.lock|incorrect old value/i.test(status.reason);
  if (retryable) return { status: 'non-fast-forward' };
  const said = r.stderr.split('\n').filter((l) => l.startsWith('remote:')).map((l) => l.slice(7).trim()).filter(Boolean);
  return { status: 'rejected', reason: `${status.reason || status.summary}${said.length ? `: ${said.join(' | ')}` : ''}` };
}

/** git push --porcelain's line for `ref`: `<flag>\t<from>:<to>\t<summary> (<reason>)`. */
function refStatus(out: string, ref: string): { flag: string; summary: string; reason: string } | undefined {
  for (const line of out.split('\n')) {
    const [flag, spec, rest] = line.split('\t');
    if (rest === undefined || !spec.endsWith(`:${ref}`)) continue;
    const m = /^(.*?)(?: \((.*)\))?$/.exec(rest)!;
    return { flag: flag.trim() || ' ', summary: m[1], reason: m[2] ?? '' };
  }
  return undefined;
}

const firstLine = (s: string) => s.split('\n').map((l) => l.replace(/^(fatal|error): /, '').trim()).find(Boolean) ?? '';
