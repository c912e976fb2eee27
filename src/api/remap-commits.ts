import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAtomic } from '../fs/write-atomic';
import { existingCommits, commitsIn, notReachableFrom, ownCommits, patchIds, treesOf } from '../git/commit-match';
import { readHead } from '../git/working-state';
import { union, type Attachment } from '../model/attachment';
import { OBJECT_ID } from '../model/session-record';
import { POLICIES } from '../util/retry';
import type { GitWorkspace } from '../workspace/workspace';

export interface Remapped {
  /** The commit the host made. */
  commit: string;
  /** The commits whose sessions it now carries. */
  from: string[];
  /** `rebase`: the same patch; `squash`: the same tree as a pull request's last commit. */
  kind: 'rebase' | 'squash';
  sessions: string[];
}

/** How far back a remap without a range looks: what a pull brings, with room to spare. */
export const REMAP_DEPTH = 200;

/**
 * After the host merged a pull request its own way, the sessions attached to the
 * original commits are attached to the commits it made:
 * - "rebase and merge": a new commit with the same patch id as an original;
 * - "squash and merge": a new commit whose tree is the tree of an original that is a
 *   pull request's last commit; it gets the sessions of every commit of that pull
 *   request (those reachable from it and not from HEAD).
 * Originals are attached commits that HEAD does not contain; new commits are those of
 * `range` (default: the last 200 of HEAD) that have no session of their own. Only adds
 * attachments (the originals keep theirs), in one compare-and-swap write; running it
 * again changes nothing.
 */
export async function remapCommits(git: GitWorkspace, range = 'HEAD'): Promise<Remapped[]> {
  return (await remapFrom(git, await git.attachments.commits(), range)).remapped;
}

/**
 * The remap, given the attached commits to consider (every one, or those a pull
 * brought plus those still waiting). Returns what it attached, and the originals still
 * waiting (attached, not in HEAD, not matched): a host's merge of them may come later.
 */
async function remapFrom(git: GitWorkspace, attached: string[], range: string): Promise<{ remapped: Remapped[]; waiting: string[] }> {
  const cwd = git.repo.root;
  const none = { remapped: [], waiting: [] };
  if (!attached.length) return none;
  const head = (await commitsIn(cwd, 'HEAD', 1))[0];
  if (!head) return none;
  const originals = [...(await notReachableFrom(cwd, attached, head))];
  if (!originals.length) return none;
  // A commit with sessions of its own is never given another's.
  const own = async (c: string) => (await git.attachments.of(c)).length > 0;
  const candidates: string[] = [];
  for (const c of await commitsIn(cwd, range, REMAP_DEPTH)) if (!(await own(c))) candidates.push(c);
  if (!candidates.length) return { remapped: [], waiting: originals };

  const [origTrees, candTrees, origPatches, candPatches] = await Promise.all([treesOf(cwd, originals), treesOf(cwd, candidates), patchIds(cwd, originals), patchIds(cwd, candidates)]);
  const byPatch = new Map<string, string[]>();
  for (const [c, p] of origPatches) byPatch.set(p, [...(byPatch.get(p) ?? []), c]);
  const byTree = new Map<string, string[]>();
  for (const [c, t] of origTrees) byTree.set(t.tree, [...(byTree.get(t.tree) ?? []), c]);

  const plan: { commit: string; from: string[]; kind: Remapped['kind'] }[] = [];
  for (const c of candidates) {
    const patch = candPatches.get(c);
    const same = patch ? byPatch.get(patch) : undefined;
    if (same?.length) {
      plan.push({ commit: c, from: same, kind: 'rebase' });
      continue;
    }
    const t = candTrees.get(c);
    const tips = t && t.parents === 1 ? byTree.get(t.tree) : undefined;
    if (!tips?.length) continue;
    // A squash: every commit of the pull request that ends in one of these tips.
    const from = new Set<string>();
    for (const tip of tips) for (const o of await ownCommits(cwd, tip, head)) from.add(o);
    plan.push({ commit: c, from: [...from], kind: 'squash' });
  }

  const out: Remapped[] = [];
  const matched = new Set<string>();
  const edits = new Map<string, (list: Attachment[]) => Attachment[]>();
  for (const p of plan) {
    let carried: Attachment[] = [];
    const from: string[] = [];
    for (const o of p.from) {
      const list = await git.attachments.of(o);
      if (!list.length) continue;
      from.push(o);
      matched.add(o);
      carried = union(carried, list);
    }
    if (!carried.length) continue;
    edits.set(p.commit, (list) => union(list, carried));
    out.push({ ...p, from, sessions: carried.map((a) => a.session) });
  }
  if (edits.size) await git.attachments.edit(edits, `git-kiro: remap sessions onto ${edits.size} commit(s) the host merged`, POLICIES.localWrite);
  return { remapped: out, waiting: originals.filter((o) => !matched.has(o)) };
}

/**
 * `remapCommits` when something it looks at moved since it last ran here: the sessions
 * (notes tip) or HEAD. Pull, sync and the post-merge hook call this. The first run
 * lists every attached commit; later runs look only at the attachments the notes gained
 * since (one diff of two notes trees) and at the originals still waiting, so a pull
 * costs the same at 50,000 sessions as at 1,000, and nothing when nothing moved.
 */
export async function remapIfMoved(git: GitWorkspace): Promise<Remapped[]> {
  const file = join(git.repo.commonDir, 'kiro-sessions', 'remap-state.json');
  const tip = await git.notes.knownTip();
  // HEAD from the files where they can say (a process saved), else from git.
  const head = readHead(git.repo) || (await commitsIn(git.repo.root, 'HEAD', 1).catch(() => []))[0];
  if (!tip || !head) return [];
  let state: { tip: string; head: string; waiting: string[] } | undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    if (OBJECT_ID.test(v.tip) && OBJECT_ID.test(v.head) && Array.isArray(v.waiting) && v.waiting.every((w: unknown) => typeof w === 'string' && OBJECT_ID.test(w))) state = v;
  } catch {
    /* none yet, or damaged: start from every attached commit */
  }
  if (state && state.tip === tip && state.head === head) return [];
  let attached: string[];
  if (!state) attached = await git.attachments.commits();
  else {
    // The tip it saw may be gone (a purge rewrote the notes' history): then list them all.
    const changes = state.tip === tip ? new Map() : await git.notes.diffNotes(state.tip, tip).catch(() => undefined);
    const gained = changes && [...changes.entries()].filter(([, [, now]]) => now).map(([key]) => key as string);
    attached = gained ? [...new Set([...state.waiting, ...(await existingCommits(git.repo.root, gained))])] : await git.attachments.commits();
  }
  const { remapped, waiting } = await remapFrom(git, attached, 'HEAD');
  mkdirSync(dirname(file), { recursive: true });
  // After its own write the tip moved: remember that tip, so the next pull rests.
  git.notes.forgetTip();
  writeAtomic(file, JSON.stringify({ tip: (await git.notes.knownTip()) ?? tip, head, waiting }));
  return remapped;
}
