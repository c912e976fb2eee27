import { SessionCache } from '../cache/session-cache';
import { commitTree } from '../git/objects';
import { listTreePaths } from '../git/trees';
import { classifyPath } from '../store/notes-layout';
import { editNotesTree } from '../store/notes-tree';
import { parseAttachments, isAttachmentNote, type Attachment } from '../model/attachment';
import { parseTombstone } from '../model/tombstone';
import type { GitWorkspace } from '../workspace/workspace';

export interface Problem {
  check: 'fanout' | 'unparsable-note' | 'unknown-attachment' | 'deleted-attachment' | 'cache' | 'search-index' | 'missing-source';
  detail: string;
  repaired?: boolean;
  /** Why it was left alone: repairing it would lose something. */
  left?: string;
  /** Worth knowing, not wrong (a session on a remote not pulled yet): the exit status stays 0. */
  warning?: boolean;
}

/**
 * Checks the notes ref and the cache, and with `repair` mends what can be mended
 * without losing anything: a tree at mixed fanout depths is rewritten at one depth, a
 * cache that disagrees with the ref is rebuilt. Notes that do not parse, attachments
 * naming sessions this clone does not have and missing conversation blobs are reported,
 * never removed (the session may simply not be fetched yet).
 */
export async function doctor(git: GitWorkspace, opts: { repair?: boolean } = {}): Promise<{ ok: boolean; problems: Problem[]; sessions: number }> {
  const notes = git.notes;
  const problems: Problem[] = [];
  const tip = await notes.tip();
  if (!tip) return { ok: true, problems, sessions: 0 };
  const tree = await notes.treeOf(tip);

  // One fanout depth for every note and sidecar.
  const paths = await listTreePaths(git.repo.root, tree);
  const depths = new Set(paths.filter((p) => classifyPath(p, notes.ctx.hexLen)).map((p) => p.split('/').length));
  if (depths.size > 1 || (depths.size === 1 && !depths.has(2))) {
    const p: Problem = { check: 'fanout', detail: `notes at depths ${[...depths].sort().join(', ')}; expected every path at depth 2 (2/38)` };
    if (opts.repair) {
      // Rewritten whole at one depth (the same notes, the same bytes), one commit.
      const fixed = await editNotesTree(notes.ctx, tree, new Map(), { rewrite: true });
      const commit = await commitTree(git.repo.root, fixed, [tip], 'git-kiro: doctor: one fanout depth');
      p.repaired = (await notes.moveTip(commit, tip, 'git-kiro: doctor')) === 'ok';
    }
    problems.push(p);
  }

  // Every note: a session, a tombstone, or attachments; sessions have their conversation.
  const sessionIds = new Set<string>();
  const deleted = new Set<string>();
  const attachments: { commit: string; session: string }[] = [];
  for (const [key, blob] of await notes.listNotes(tip)) {
    const bytes = (await notes.blob(blob)) ?? Buffer.alloc(0);
    if (isAttachmentNote(bytes)) {
      for (const a of parseAttachments(bytes)) attachments.push({ commit: key, session: a.session });
      continue;
    }
    const tomb = parseTombstone(bytes);
    if (tomb) {
      deleted.add(tomb.id);
      continue;
    }
    try {
      // The same checks every read makes: its id makes its key, its conversation is beside it.
      const r = await notes.recordIn(tree, key, blob);
      if (!r) continue;
      sessionIds.add(r.id);
      if (!(await notes.blob(r.source.blob))) problems.push({ check: 'missing-source', detail: `session ${r.id}: conversation blob ${r.source.blob} is missing`, left: 'fetch it (git kiro pull); nothing here can recreate it' });
    } catch (e) {
      problems.push({ check: 'unparsable-note', detail: `note ${key} (blob ${blob.slice(0, 12)}): ${(e as Error).message}`, left: 'kept as it is; it is skipped by every command' });
    }
  }
  // A commit naming a deleted session: the line goes (--repair). One naming a session
  // this clone never saw is kept: it may be on a remote not pulled yet.
  const dangling = new Map<string, Set<string>>();
  for (const a of attachments) {
    if (sessionIds.has(a.session) || git.sessions.privateStore.has(a.session)) continue;
    if (deleted.has(a.session)) {
      dangling.set(a.commit, (dangling.get(a.commit) ?? new Set()).add(a.session));
      problems.push({ check: 'deleted-attachment', detail: `commit ${a.commit.slice(0, 12)} names session ${a.session}, which was deleted`, repaired: !!opts.repair });
    } else {
      problems.push({ check: 'unknown-attachment', detail: `commit ${a.commit.slice(0, 12)} names session ${a.session}, which is not here`, left: 'kept: the session may be on a remote not pulled yet', warning: true });
    }
  }
  if (opts.repair && dangling.size) {
    const edits = new Map([...dangling].map(([commit, gone]) => [commit, (list: Attachment[]) => list.filter((x) => !gone.has(x.session))] as const));
    await git.attachments.edit(edits, `git-kiro: doctor: detach ${dangling.size} commit(s) from deleted sessions`);
  }

  // The cache agrees with the ref.
  const cached = (await git.cache.summaries(await notes.tip())).filter((s) => !s.private).map((s) => s.id).sort();
  const truth = [...sessionIds].sort();
  if (JSON.stringify(cached.filter((id) => !truth.includes(id))) !== '[]' || JSON.stringify(truth.filter((id) => !cached.includes(id))) !== '[]') {
    const p: Problem = { check: 'cache', detail: `the cache lists ${cached.length} sessions, the notes hold ${truth.length}` };
    if (opts.repair) {
      await new SessionCache(notes).rebuildNow(await notes.tip());
      p.repaired = true;
    }
    problems.push(p);
  }
  // The search index can be read (else search reads every conversation until it is rebuilt).
  const damaged = git.sessions.searchIndex.damaged();
  if (damaged) {
    if (opts.repair) git.sessions.searchIndex.clear();
    problems.push({ check: 'search-index', detail: `the search index in ${git.sessions.searchIndex.dir}: ${damaged}`, repaired: !!opts.repair });
  }
  return { ok: problems.every((p) => p.repaired || p.warning), problems, sessions: sessionIds.size };
}
