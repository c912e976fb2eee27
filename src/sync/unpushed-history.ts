import { ConflictError } from '../errors';
import { independentCommits, isAncestor } from '../git/commits';
import { commitTree } from '../git/objects';
import { trackingTips } from '../git/remote';
import { editNotesTree, findNote } from '../store/notes-tree';
import type { GitWorkspace } from '../workspace/workspace';
import { again, done, POLICIES, retry } from '../util/retry';

/** The remotes (as last fetched or pushed) that already hold this session. */
export async function remotesHolding(git: GitWorkspace, id: string): Promise<string[]> {
  const key = git.notes.key(id);
  const out: string[] = [];
  for (const t of await trackingTips(git.repo.root)) if (await findNote(git.notes.ctx, await git.notes.treeOf(t.tip), key)) out.push(t.remote);
  return out;
}

/**
 * Takes a session out of refs/notes/kiro so that no push can ever send it: the
 * unpushed part of the notes history (everything after what the remotes already
 * have) is squashed into one commit without it. Only history that never left this
 * machine is rewritten; every other session keeps its current state. The caller has
 * checked that no remote holds the session.
 */
export async function dropFromUnpushedHistory(git: GitWorkspace, ids: string[], message: string, opts: { beforeMove?: (tip: string) => Promise<void> } = {}): Promise<void> {
  const root = git.repo.root;
  await retry(
    POLICIES.merge,
    async () => {
      const tip = await git.notes.tip();
      if (!tip) return done(undefined);
      // Whatever must be kept elsewhere is written from this very tip, before the ref
      // moves: a save that lands in between fails the compare-and-swap and is copied
      // on the next attempt.
      await opts.beforeMove?.(tip);
      const tree = await editNotesTree(git.notes.ctx, await git.notes.treeOf(tip), new Map(ids.map((id) => [git.notes.key(id), null])));
      const bases: string[] = [];
      for (const t of await trackingTips(root)) if (await isAncestor(root, t.tip, tip)) bases.push(t.tip);
      const parents = await independentCommits(root, bases);
      const commit = await commitTree(root, tree, parents.sort(), message);
      return (await git.notes.moveTip(commit, tip, message)) === 'ok' ? done(undefined) : again;
    },
    () => new ConflictError('refs/notes/kiro kept changing; try again'),
  );
}

/**
 * Sessions that are private here but still in refs/notes/kiro (a `private on` killed
 * between its two steps) are taken out of the unpushed history before anything is
 * pushed. One a remote already holds is left: it is out there already.
 */
export async function completePrivateMoves(git: GitWorkspace): Promise<void> {
  const tip = await git.notes.tip();
  if (!tip) return;
  const both: string[] = [];
  for (const s of await git.sessions.privateStore.summaries()) {
    if ((await findNote(git.notes.ctx, await git.notes.treeOf(tip), git.notes.key(s.id))) && !(await remotesHolding(git, s.id)).length) both.push(s.id);
  }
  if (both.length) await dropFromUnpushedHistory(git, both, `git-kiro: keep ${both.length} private session(s) out of the notes`);
}
