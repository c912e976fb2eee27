import type { CatFile } from '../git/cat-file';
import type { ObjectDb } from '../git/object-db';
import { parseTree, type TreeEntry } from '../git/objects';
import { runGit } from '../git/run-git';
import { classifyPath } from './notes-layout';

/** New entries for one session key; null deletes the session (note and sidecars). */
export interface KeyEdit {
  note: string;
  sidecars: Record<string, string>;
}

export interface TreeCtx {
  cwd: string;
  cat: CatFile;
  hexLen: number;
  objects: () => Promise<ObjectDb>;
}

const TREE = '040000';
const BLOB = '100644';
const isFanoutDir = (e: TreeEntry) => e.mode === TREE && /^[0-9a-f]{2}$/.test(e.name);

async function readTree(ctx: TreeCtx, oid: string | undefined): Promise<TreeEntry[]> {
  if (!oid) return [];
  const o = await ctx.cat.read(oid);
  return o ? parseTree(o.data, ctx.hexLen / 2) : [];
}

/**
 * Finds the note blob for `key` in a notes tree at any fanout depth: a reader must
 * understand every layout git itself may have written (flat, 2/38, 2/2/36 …).
 */
export async function findNote(ctx: TreeCtx, rootTree: string, key: string): Promise<string | undefined> {
  let tree = rootTree;
  let rest = key;
  for (;;) {
    const entries = await readTree(ctx, tree);
    const hit = entries.find((e) => e.name === rest && e.mode !== TREE);
    if (hit) return hit.oid;
    const dir = entries.find((e) => e.mode === TREE && e.name === rest.slice(0, 2));
    if (!dir || rest.length <= 2) return undefined;
    tree = dir.oid;
    rest = rest.slice(2);
  }
}

/** Every note in a tree (any fanout): key -> note blob id. One `ls-tree` process. */
export async function listNotes(ctx: TreeCtx, rootTree: string): Promise<Map<string, string>> {
  return (await listTree(ctx, rootTree)).notes;
}

/**
 * The notes that are not sessions: a session always has its `.id` sidecar, so what has
 * none is a commit's attachments or a tombstone. One `ls-tree`, no note read.
 */
export async function listOtherNotes(ctx: TreeCtx, rootTree: string): Promise<Map<string, string>> {
  const { notes, withId } = await listTree(ctx, rootTree);
  for (const key of withId) notes.delete(key);
  return notes;
}

async function listTree(ctx: TreeCtx, rootTree: string): Promise<{ notes: Map<string, string>; withId: Set<string> }> {
  const notes = new Map<string, string>();
  const withId = new Set<string>();
  const r = await runGit(['ls-tree', '-r', '-z', rootTree], { cwd: ctx.cwd });
  for (const line of r.stdout.toString('utf8').split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [, , oid] = line.slice(0, tab).split(' ');
    const c = classifyPath(line.slice(tab + 1), ctx.hexLen);
    if (c && !c.sidecar) notes.set(c.key, oid);
    if (c?.sidecar === 'id') withId.add(c.key);
  }
  return { notes, withId };
}

/**
 * Applies edits and returns the new root tree, keeping the whole tree at one fanout
 * (2/38). Fast path: only the root and the touched fanout directories are rewritten,
 * so a save costs the same at 10 or 100,000 sessions. If the tree is not in that layout
 * (git wrote it flat or deeper), it is rewritten whole first: a tree that mixes depths
 * makes `git notes merge` abort (git-notes.md).
 */
export async function editNotesTree(ctx: TreeCtx, rootTree: string | undefined, edits: Map<string, KeyEdit | null>, opts: { rewrite?: boolean } = {}): Promise<string> {
  const root = await readTree(ctx, rootTree);
  if (rootTree && (opts.rewrite || root.some((e) => e.mode !== TREE && classifyPath(e.name, ctx.hexLen)))) return rewriteWhole(ctx, rootTree, edits);
  const byDir = new Map<string, string[]>();
  for (const key of edits.keys()) byDir.set(key.slice(0, 2), [...(byDir.get(key.slice(0, 2)) ?? []), key]);
  const newRoot = root.filter((e) => !byDir.has(e.name) || !isFanoutDir(e));
  const subtrees: { dir: string; entries: TreeEntry[] }[] = [];
  for (const [dir, keys] of byDir) {
    const sub = root.find((e) => e.name === dir && isFanoutDir(e));
    let entries = await readTree(ctx, sub?.oid);
    if (entries.some(isFanoutDir)) return rewriteWhole(ctx, rootTree!, edits);
    for (const key of keys) {
      const rest = key.slice(2);
      entries = entries.filter((e) => e.name !== rest && !e.name.startsWith(`${rest}.`));
      const edit = edits.get(key);
      if (edit) entries.push(...entriesFor(rest, edit));
    }
    if (entries.length) subtrees.push({ dir, entries });
  }
  const objects = await ctx.objects();
  const ids = await objects.writeTrees(subtrees.map((t) => t.entries));
  subtrees.forEach((t, i) => newRoot.push({ mode: TREE, name: t.dir, oid: ids[i] }));
  return objects.writeTree(newRoot);
}

function entriesFor(rest: string, edit: KeyEdit): TreeEntry[] {
  return [
    { mode: BLOB, name: rest, oid: edit.note },
    ...Object.entries(edit.sidecars).map(([ext, oid]) => ({ mode: BLOB, name: `${rest}.${ext}`, oid })),
  ];
}

/** Rebuilds the whole tree in the canonical layout; unknown entries keep their paths. */
async function rewriteWhole(ctx: TreeCtx, rootTree: string, edits: Map<string, KeyEdit | null>): Promise<string> {
  const r = await runGit(['ls-tree', '-r', '-z', rootTree], { cwd: ctx.cwd });
  const files = new Map<string, TreeEntry>(); // full path -> entry
  for (const line of r.stdout.toString('utf8').split('\0')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const [mode, , oid] = line.slice(0, tab).split(' ');
    const path = line.slice(tab + 1);
    const c = classifyPath(path, ctx.hexLen);
    if (c && edits.has(c.key)) continue;
    const canonical = c ? `${c.key.slice(0, 2)}/${c.key.slice(2)}${c.sidecar ? `.${c.sidecar}` : ''}` : path;
    files.set(canonical, { mode, name: canonical, oid });
  }
  for (const [key, edit] of edits) {
    if (edit) for (const e of entriesFor(key.slice(2), edit)) files.set(`${key.slice(0, 2)}/${e.name}`, { ...e, name: `${key.slice(0, 2)}/${e.name}` });
  }
  return writeNested(await ctx.objects(), [...files.values()]);
}

async function writeNested(objects: ObjectDb, files: TreeEntry[]): Promise<string> {
  const here: TreeEntry[] = [];
  const sub = new Map<string, TreeEntry[]>();
  for (const f of files) {
    const slash = f.name.indexOf('/');
    if (slash < 0) here.push(f);
    else {
      const dir = f.name.slice(0, slash);
      sub.set(dir, [...(sub.get(dir) ?? []), { ...f, name: f.name.slice(slash + 1) }]);
    }
  }
  for (const [dir, children] of sub) here.push({ mode: TREE, name: dir, oid: await writeNested(objects, children) });
  return objects.writeTree(here);
}

/** Changed notes between two notes commits: key -> [old blob, new blob]. */
export async function diffNotes(ctx: TreeCtx, from: string, to: string): Promise<Map<string, [string | undefined, string | undefined]>> {
  const r = await runGit(['diff-tree', '-r', '-z', '--no-renames', from, to], { cwd: ctx.cwd });
  const out = new Map<string, [string | undefined, string | undefined]>();
  const parts = r.stdout.toString('utf8').split('\0');
  const zero = /^0+$/;
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i];
    if (!meta.startsWith(':')) {
      i -= 1; // the leading commit id line diff-tree prints for commits
      continue;
    }
    const [, , oldOid, newOid] = meta.slice(1).split(' ');
    const c = classifyPath(parts[i + 1], ctx.hexLen);
    if (!c || c.sidecar) continue;
    const prev = out.get(c.key) ?? [undefined, undefined];
    // A refanout shows as a delete and an add of the same key: fold them.
    if (!zero.test(oldOid)) prev[0] = oldOid;
    if (!zero.test(newOid)) prev[1] = newOid;
    out.set(c.key, prev);
  }
  for (const [k, [a, b]] of out) if (a === b) out.delete(k);
  return out;
}
