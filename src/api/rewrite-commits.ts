import { union, type Attachment } from '../model/attachment';
import { POLICIES } from '../util/retry';
import type { GitWorkspace } from '../workspace/workspace';

/**
 * The post-rewrite hook: `amend` or `rebase`, with "<old> <new>" lines on stdin. Every
 * new commit gets the union of its own attachments and those of the commits it
 * replaces (a squash has several). With notes.rewriteRef set git has usually copied
 * them already, and then this writes nothing; without it, or when git's copy was
 * lost, this is what carries them. One write for the whole rewrite.
 */
export async function rewriteCommits(git: GitWorkspace, pairsText: string): Promise<{ commits: number }> {
  const sources = new Map<string, string[]>(); // new -> olds
  for (const line of pairsText.split('\n')) {
    const [oldId, newId] = line.trim().split(/\s+/);
    if (oldId && newId) sources.set(newId, [...(sources.get(newId) ?? []), oldId]);
  }
  const edits = new Map<string, (list: Attachment[]) => Attachment[]>();
  for (const [newId, olds] of sources) {
    let carried: Attachment[] = [];
    for (const o of olds) carried = union(carried, await git.attachments.of(o));
    if (carried.length) edits.set(newId, (list) => union(list, carried));
  }
  if (edits.size) await git.attachments.edit(edits, `git-kiro: carry sessions over a rewrite of ${edits.size} commit(s)`, POLICIES.hook);
  return { commits: edits.size };
}
