import { existsSync, readFileSync, statSync } from 'node:fs';
import { commitMessage, headAndReflog, resolveCommit } from '../git/commits';
import { union, type Attachment } from '../model/attachment';
import { POLICIES } from '../util/retry';
import type { GitWorkspace } from '../workspace/workspace';
import { attachSession } from './attach-session';
import { saveSession } from './save-session';
import { parseInput } from '../agents/parse-input';
import { sessionIdFor } from './session-from-input';

/** An active session older than this is not "the conversation that made" a new commit. */
export const ACTIVE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export type AutosaveOutcome =
  | { action: 'attached'; commit: string; session: string; resaved: boolean }
  | { action: 'copied'; commit: string; from: string; sessions: number }
  | { action: 'skipped'; reason: string };

/**
 * The post-commit hook. What made HEAD decides, read from its reflog entry:
 * - a commit or an amend: this worktree's active session (if set in the last 24 h) is
 *   saved in its latest state (re-read from the file it was saved from, if that file
 *   changed) and attached to HEAD;
 * - a cherry-pick: git copies no notes; when the message names the original
 *   (`cherry-pick -x`), the original's sessions are attached; otherwise as a commit;
 * - a rebase step: skipped; post-rewrite carries the old commit's sessions over.
 */
export async function autosaveCommit(git: GitWorkspace, now = new Date()): Promise<AutosaveOutcome> {
  const root = git.repo.root;
  const store = git.sessions;
  const { head: headId, reflog } = await headAndReflog(root);
  if (/^rebase/.test(reflog)) return { action: 'skipped', reason: 'rebase (post-rewrite carries the sessions)' };
  if (/^cherry-pick/.test(reflog)) {
    const body = await commitMessage(root, 'HEAD');
    const from = /\(cherry picked from commit ([0-9a-f]{7,64})\)/.exec(body)?.[1];
    if (from) {
      const head = headId || (await resolveCommit(root, 'HEAD'));
      const original = await git.attachments.of(await resolveCommit(root, from));
      if (original.length) {
        // Hooks must not stall a commit: a few quick attempts, then a warning.
        await git.attachments.edit(new Map([[head, (list: Attachment[]) => union(list, original)]]), `git-kiro: cherry-pick ${from.slice(0, 12)}`, POLICIES.hook);
        return { action: 'copied', commit: head, from, sessions: original.length };
      }
    }
  }
  const active = await store.activeInfo();
  if (!active) return { action: 'skipped', reason: 'no active session in this worktree' };
  if (now.getTime() - Date.parse(active.at) > ACTIVE_MAX_AGE_MS) return { action: 'skipped', reason: 'the active session is older than 24 hours' };
  let resaved = false;
  const record = await store.record(active.id);
  if (!record) return { action: 'skipped', reason: `the active session ${active.id} no longer exists` };
  // A commit note is pushed: a private session's id and title never go into one.
  if (record.private) return { action: 'skipped', reason: 'the active session is private' };
  if (active.file && existsSync(active.file) && statSync(active.file).mtimeMs > Date.parse(record.updatedAt)) {
    // Only if the file still holds this session: it may have been overwritten with
    // another conversation since (session A must never end up holding B).
    const bytes = readFileSync(active.file);
    if (sameSession(bytes, active.file, active.id)) {
      await saveSession(git, { bytes, origin: active.file, file: active.file, id: active.id, now });
      resaved = true;
    }
  }
  const { commit } = await attachSession(git, { id: active.id, commit: headId, now, policy: POLICIES.hook });
  return { action: 'attached', commit, session: active.id, resaved };
}


/** Whether a file's conversation is session `id` (its own id says so); unreadable: no. */
function sameSession(bytes: Buffer, file: string, id: string): boolean {
  try {
    return sessionIdFor(parseInput(bytes, file), undefined, file) === id;
  } catch {
    return false;
  }
}
