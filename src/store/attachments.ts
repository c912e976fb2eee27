import { writeBlob } from '../git/objects';
import { parseAttachments, serialiseAttachments, type Attachment } from '../model/attachment';
import type { RetryPolicy } from '../util/retry';
import type { NotesStore } from './notes-store';
import { findNote, listOtherNotes, type KeyEdit } from './notes-tree';
import { existingCommits } from '../git/commit-match';

/**
 * The sessions attached to commits: a commit's note in refs/notes/kiro holds one JSON
 * line per session (docs/notes-format.md). Writes share the notes' compare-and-swap.
 */
export class Attachments {
  constructor(private readonly notes: NotesStore) {}

  /** The sessions attached to a commit (full id), from the current notes. */
  async of(commit: string): Promise<Attachment[]> {
    const tip = await this.notes.knownTip();
    if (!tip) return [];
    const blob = await findNote(this.notes.ctx, await this.notes.treeOf(tip), commit);
    const data = blob ? await this.notes.blob(blob) : undefined;
    return data ? parseAttachments(data) : [];
  }

  /**
   * The commits here that have sessions attached (full ids). Keys come from notes a
   * remote wrote: only those that name a commit this clone has are kept.
   */
  async commits(): Promise<string[]> {
    const tip = await this.notes.knownTip();
    if (!tip) return [];
    const keys = [...(await listOtherNotes(this.notes.ctx, await this.notes.treeOf(tip))).keys()];
    return [...(await existingCommits(this.notes.repo.root, keys))];
  }

  /**
   * Changes the attachments of several commits in one compare-and-swap write. Each
   * function gets the commit's current list (read inside the loop, on the tip being
   * built on) and returns the new one (empty: the note goes).
   */
  async edit(edits: Map<string, (list: Attachment[]) => Attachment[]>, message: string, policy?: RetryPolicy): Promise<void> {
    const root = this.notes.repo.root;
    await this.notes.update(
      message,
      async (tip) => {
        const tree = tip ? await this.notes.treeOf(tip) : undefined;
        const out = new Map<string, KeyEdit | null>();
        for (const [commit, edit] of edits) {
          const blob = tree ? await findNote(this.notes.ctx, tree, commit) : undefined;
          const data = blob ? await this.notes.blob(blob) : undefined;
          const before = data ? parseAttachments(data) : [];
          const after = edit(before);
          const bytes = serialiseAttachments(after);
          // Compared with the raw note, so a note git combined (duplicate lines of one
          // session after amend or squash) is rewritten in its canonical form.
          if (data ? bytes === data.toString('utf8') : !after.length) continue;
          out.set(commit, after.length ? { note: await writeBlob(root, bytes), sidecars: {} } : null);
        }
        return out.size ? out : null;
      },
      policy,
    );
  }
}
