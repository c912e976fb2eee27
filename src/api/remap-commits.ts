import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAtomic } from '../fs/write-atomic';
import { commitsIn, notReachableFrom, ownCommits, patchIds, treesOf } from '../git/commit-match';
import { union, type Attachment } from '../model/attachment';
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
  const cwd = git.repo.root;
  const attached = await git.attachments.commits();
  if (!attached.length) return [];
  const head = (await commitsIn(cwd, 'HEAD', 1))[0];
  if (!head) return [];
  const originals = [...(await notReachableFrom(cwd, attached, head))];
  if (!originals.length) return [];
  const attachedSet = new Set(attached);
  const candidates = (await commitsIn(cwd, range, REMAP_DEPTH)).filter((c) => !attachedSet.has(c));
  if (!candidates.length) return [];

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
    for (const tip of tips) for (const o of await ownCommits(cwd, tip, head)) if (attachedSet.has(o)) from.add(o);
    plan.push({ commit: c, from: [...from], kind: 'squash' });
  }
  if (!plan.length) return [];

  const out: Remapped[] = [];
  const edits = new Map<string, (list: Attachment[]) => Attachment[]>();
  for (const p of plan) {
    let carried: Attachment[] = [];
    for (const o of p.from) carried = union(carried, await git.attachments.of(o));
    if (!carried.length) continue;
    edits.set(p.commit, (list) => union(list, carried));
    out.push({ ...p, sessions: carried.map((a) => a.session) });
  }
  if (edits.size) await git.attachments.edit(edits, `git-kiro: remap sessions onto ${edits.size} commit(s) the host merged`, POLICIES.localWrite);
  return out;
}

/**
 * `remapCommits` when something it looks at moved since it last ran here: the sessions
 * (notes tip) or HEAD. Pull and the post-merge hook call this, so an ordinary pull pays
 * one file read when nothing changed, not a walk of every note.
 */
export async function remapIfMoved(git: GitWorkspace): Promise<Remapped[]> {
  const file = join(git.repo.commonDir, 'kiro-sessions', 'remap-state');
  const tip = await git.notes.knownTip();
  const head = (await commitsIn(git.repo.root, 'HEAD', 1).catch(() => []))[0];
  if (!tip || !head) return [];
  const state = `${tip} ${head}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === state) return [];
  const out = await remapCommits(git);
  // After its own write the tip moved: remember that tip, so the next pull rests.
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, out.length ? `${(await git.notes.knownTip()) ?? tip} ${head}\n` : state);
  return out;
}
