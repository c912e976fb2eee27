import { union, type Attachment } from '../model/attachment';
import type { SessionStore } from '../store/session-store';
import { gitOnly } from './git-only';

/**
 * The post-rewrite hook: `amend` or `rebase`, with "<old> <new>" lines on stdin. Every
 * new commit gets the union of its own attachments and those of the commits it
 * replaces (a squash has several). With notes.rewriteRef set git has usually copied
 * them already, and then this writes nothing; without it, or when git's copy was
 * lost, this is what carries them. One write for the whole rewrite.
 */
export async function rewriteCommits(store: SessionStore, pairsText: string): Promise<{ commits: number }> {
  const git = gitOnly(store, 'the post-rewrite hook');
  const sources = new Map<string, string[]>(); // new -> olds
  for (const line of pairsText.split('\n')) {
    const [oldId, newId] = line.trim().split(/\s+/);
    if (oldId && newId) sources.set(newId, [...(sources.get(newId) ?? []), oldId]);
  }
  const edits = new Map<string, (list: Attachment[]) => Attachment[]>();
  for (const [newId, olds] of sources) {
    let carried: Attachment[] = [];
    for (const o of olds) carried = union(carried, await git.attachments(o));
    if (carried.length) edits.set(newId, (list) => union(list, carried));
  }
  if (edits.size) await git.editAttachments(edits, `git-kiro: carry sessions over a rewrite of ${edits.size} commit(s)`, { maxAttempts: 5, maxLocked: 5 });
  return { commits: edits.size };
}
