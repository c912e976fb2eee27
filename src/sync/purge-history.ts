import { ConflictError } from '../errors';
import { runGit } from '../git/run-git';
import { again, done, POLICIES, retry } from '../util/retry';
import { parseTree, writeBlob } from '../git/objects';
import { isAttachmentNote, parseAttachments, serialiseAttachments } from '../model/attachment';
import { classifyPath } from '../store/notes-layout';
import { parseTombstone } from '../model/tombstone';
import type { NotesStore } from '../store/notes-store';
import { findNote } from '../store/notes-tree';

const TMP_REF = 'refs/kiro-purge/tmp';

/**
 * The paths a key's entries can have in a tree git or we wrote: flat, 2/38, 2/2/36.
 * Deleting a path that is not there is a no-op for fast-import.
 */
function candidatePaths(key: string, suffixes: string[]): string[] {
  const out: string[] = [];
  for (const depth of [0, 1, 2]) {
    const dirs = Array.from({ length: depth }, (_, i) => key.slice(i * 2, i * 2 + 2));
    const rest = key.slice(depth * 2);
    for (const s of suffixes) out.push([...dirs, rest + s].join('/'));
  }
  return out;
}

/**
 * Rewrites the whole history of the notes ref so that no commit holds the content of
 * the given sessions any more: their record notes and conversation blobs are dropped
 * from every commit, except a tombstone (which says only that the id was deleted, and
 * stays so that sync keeps it deleted). One `git fast-import` pass; a commit whose tree
 * and parents do not change is rebuilt byte for byte, so it keeps its id and clones
 * still share merge bases with us. The ref moves by compare-and-swap.
 * Returns the new tip, or undefined when nothing held those sessions.
 */
export interface PurgeTarget {
  key: string;
  id: string;
}

export async function purgeHistory(notes: NotesStore, targets: PurgeTarget[], message: string): Promise<PurgeOutcome | undefined> {
  const r = await retry(
    POLICIES.merge,
    async () => {
      const once = await purgeOnce(notes, targets, message);
      return once === 'moved' ? again : done(once);
    },
    () => new ConflictError('refs/notes/kiro kept changing during the purge; try again'),
  );
  notes.forgetTip();
  return r;
}

type PurgeOutcome = { before: string; after: string; commits: number };

/** One rewrite on the current tip; 'moved' when a write got in between (nothing changed). */
async function purgeOnce(notes: NotesStore, targets: PurgeTarget[], message: string): Promise<PurgeOutcome | 'moved' | undefined> {
  const cwd = notes.repo.root;
  const before = await notes.tip();
  let keys = targets.map((t) => t.key);
  if (!before || !keys.length) return undefined;
  // Never a live session: a purged id saved again is a new session, and stays.
  const tipTree = await notes.treeOf(before);
  const dead: string[] = [];
  for (const key of keys) {
    const note = await findNote(notes.ctx, tipTree, key);
    const bytes = note ? await notes.blob(note) : undefined;
    if (!bytes || parseTombstone(bytes)) dead.push(key);
  }
  keys = dead;
  if (!keys.length) return undefined;
  const ids = new Set(targets.filter((t) => dead.includes(t.key)).map((t) => t.id));
  const scrub = await scrubbedAttachments(notes, before, ids);
  const list = (await runGit(['rev-list', '--topo-order', '--reverse', '--parents', before], { cwd })).stdout.toString().split('\n').filter(Boolean);
  const parts: Buffer[] = [];
  const mark = new Map<string, string>(); // old commit -> :mark
  let touched = 0;
  for (const [i, line] of list.entries()) {
    const [commit, ...parents] = line.split(' ');
    const raw = (await notes.cat.read(commit))!.data;
    const headerEnd = raw.indexOf('\n\n');
    const headers = raw.toString('utf8', 0, headerEnd).split('\n');
    // A save's message names its title (`git-kiro: save <id>: <title>`): for a purged
    // session the title goes from the message too.
    let msg = raw.subarray(headerEnd + 2);
    const said = /^git-kiro: [a-z-]+ ([0-9A-Za-z-]+): /.exec(msg.toString('utf8', 0, 200));
    if (said && ids.has(said[1])) {
      msg = Buffer.from(msg.toString('utf8').replace(/^(git-kiro: [a-z-]+ [0-9A-Za-z-]+):[^\n]*/, '$1'));
      touched++;
    }
    const tree = headers.find((h) => h.startsWith('tree '))!.slice(5);
    const author = headers.find((h) => h.startsWith('author '))!;
    const committer = headers.find((h) => h.startsWith('committer '))!;
    const deletes: string[] = [];
    for (const key of keys) {
      const note = await findNote(notes.ctx, tree, key);
      if (!note) continue;
      const bytes = await notes.blob(note);
      const isTomb = bytes && parseTombstone(bytes);
      deletes.push(...candidatePaths(key, isTomb ? ['.src', '.diff'] : ['', '.src', '.diff', '.id']));
      if (!isTomb) touched++;
    }
    // Attachment notes on commits name the session with its title: the title goes too.
    const replace: string[] = [];
    for (const [from, { to, paths }] of scrub) {
      for (const path of paths) {
        const o = await notes.cat.read(`${tree}:${path}`);
        if (o?.oid === from) {
          replace.push(`M 100644 ${to} ${path}`);
          touched++;
        }
      }
    }
    const root = parseTree((await notes.cat.read(tree))!.data, notes.ctx.hexLen / 2);
    const m = `:${i + 1}`;
    mark.set(commit, m);
    if (!parents.length) parts.push(Buffer.from(`reset ${TMP_REF}\n`));
    parts.push(Buffer.from(`commit ${TMP_REF}\nmark ${m}\n${author}\n${committer}\ndata ${msg.length}\n`), msg, Buffer.from('\n'));
    if (parents.length) parts.push(Buffer.from(`from ${mark.get(parents[0])}\n${parents.slice(1).map((p) => `merge ${mark.get(p)}\n`).join('')}`));
    parts.push(Buffer.from(`deleteall\n${root.map((e) => `M ${e.mode} ${e.oid} ${e.name}\n`).join('')}${deletes.map((d) => `D ${d}\n`).join('')}${replace.map((m) => `${m}\n`).join('')}\n`));
  }
  if (!touched) return undefined;
  parts.push(Buffer.from('done\n'));
  await runGit(['fast-import', '--quiet', '--done', '--force'], { cwd, input: Buffer.concat(parts) });
  const after = (await runGit(['rev-parse', TMP_REF], { cwd })).stdout.toString().trim();
  await runGit(['update-ref', '-d', TMP_REF], { cwd });
  const moved = await runGit(['update-ref', '-m', message, 'refs/notes/kiro', after, before], { cwd, okCodes: [0, 1, 128] });
  if (moved.code !== 0) return 'moved'; // a write in between: again, on the new tip
  // The ref's own reflog would keep the old history alive locally; the rewrite is the point.
  await runGit(['reflog', 'expire', '--expire=now', '--expire-unreachable=now', 'refs/notes/kiro'], { cwd, okCodes: [0, 1, 128] });
  return { before, after, commits: list.length };
}

/**
 * Every attachment note in the history that names one of `ids`, with a copy whose
 * lines for those sessions have no title: blob -> {the scrubbed blob, every path it
 * was ever at}. Read from each commit's own changes (merges against each parent, the
 * root against nothing), so a blob shared by two commits' notes (after a rebase or a
 * cherry-pick) and every version of one commit's note are all found.
 */
async function scrubbedAttachments(notes: NotesStore, tip: string, ids: Set<string>): Promise<Map<string, { to: string; paths: Set<string> }>> {
  const out = new Map<string, { to: string; paths: Set<string> }>();
  if (!ids.size) return out;
  const raw = (await runGit(['log', '-m', '--root', '--raw', '--no-abbrev', '--no-renames', '--format=', tip], { cwd: notes.repo.root })).stdout.toString();
  const seen = new Map<string, boolean>(); // blob -> names one of ids
  for (const line of raw.split('\n')) {
    const m = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) [AMT]\t(.+)$/.exec(line);
    if (!m) continue;
    const [, oid, path] = m;
    const c = classifyPath(path, notes.ctx.hexLen);
    if (!c || c.sidecar) continue;
    if (!seen.has(oid)) {
      const bytes = await notes.blob(oid);
      const list = bytes && isAttachmentNote(bytes) ? parseAttachments(bytes) : [];
      const hit = list.some((a) => ids.has(a.session));
      seen.set(oid, hit);
      if (hit) out.set(oid, { to: await writeBlob(notes.repo.root, serialiseAttachments(list.map((a) => (ids.has(a.session) ? { ...a, title: '' } : a)))), paths: new Set() });
    }
    out.get(oid)?.paths.add(path);
  }
  return out;
}

/** Does the history of `tip` still hold content (a record or conversation) of one of these keys? */
export async function historyHolds(notes: NotesStore, tip: string, keys: string[]): Promise<boolean> {
  if (!keys.length) return false;
  const paths = keys.flatMap((k) => candidatePaths(k, ['.src']));
  // --full-history: the default simplification skips a merge's TREESAME side, which is
  // exactly where old content hides after a merge.
  const r = await runGit(['log', '-1', '--full-history', '--format=%H', tip, '--', ...paths], { cwd: notes.repo.root, okCodes: [0, 128] });
  return r.stdout.toString().trim() !== '';
}
