import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { walkFiles } from '../fs/walk';
import { KiroError } from '../errors';
import type { InputFile, ParsedInput } from '../formats/adapter';
import { parseInputs, type InputFormat } from '../agents/parse-input';
import type { Workspace } from '../workspace/workspace';
import { buildFromInput, sessionIdFor } from './session-from-input';
import { redactorFor } from './redaction';

export type ImportStatus = 'imported' | 'updated' | 'skipped' | 'invalid';

export interface ImportItem {
  /** The file (and, for a file of several sessions, which one). */
  path: string;
  status: ImportStatus;
  id?: string;
  title?: string;
  format?: string;
  reason?: string;
  warnings?: string[];
  /** Secrets replaced before storing, by kind. */
  redacted?: Record<string, number>;
  /** The stored version kept as a fork: this import did not continue it. */
  forked?: { id: string; title: string }[];
}

/** Sessions written per notes commit: bounded memory, still one write per thousand. */
const BATCH = 1000;
const READABLE = new Set(['.json', '.jsonl', '.md']);

/**
 * Imports files and folders (recursively). One bad file never stops the rest: it is
 * reported `invalid` with the reason. Importing the same source again updates the
 * session if it changed and skips it if not, never duplicates. Sessions are written in
 * batches of a thousand per notes commit, not one commit each.
 */
export interface ImportOptions {
  cwd: string;
  noRedact?: boolean;
  format?: InputFormat;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /**
   * A live capture (an agent's hook after a turn): the session is filed with this
   * worktree's branch and HEAD and the time now. An import of past sessions keeps
   * their own times and branch instead.
   */
  live?: boolean;
}

export async function importSessions(ws: Workspace, paths: string[], opts: ImportOptions = { cwd: process.cwd() }): Promise<ImportItem[]> {
  return importFiles(ws, expand(paths.map((p) => resolve(opts.cwd, p))), opts);
}

/**
 * Imports files already read; a file's `cwd` (where its agent ran) decides the
 * session's directory scope when it is inside this worktree.
 */
export async function importFiles(ws: Workspace, files: (Found & { cwd?: string })[], opts: ImportOptions): Promise<ImportItem[]> {
  const store = ws.sessions;
  const items: ImportItem[] = [];
  const pending: { item: ImportItem; input: ParsedInput }[] = [];
  const now = (opts.now ?? new Date()).toISOString();
  const context = opts.live ? (await ws.gitContext(false)).context : undefined;
  const redactor = await redactorFor(ws, opts.noRedact);
  const priv = (await ws.settings()).private; // git config kiro.private: new sessions stay here
  let done = 0;
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending.splice(0);
    const results = await store.upsertMany(
      batch.map(({ item, input }) => ({
        id: item.id!,
        build: buildFromInput(store, input, {
          id: item.id!,
          now,
          context,
          sourceTimes: !opts.live,
          // The same source bytes already stored: nothing to do.
          skipUnchanged: (existing) => existing.source.format === input.format && existing.source.blob === store.contentId(input.sourceBytes),
        }),
      })),
      `git-kiro: ${opts.live ? 'capture' : 'import'} ${batch.length} session${batch.length > 1 ? 's' : ''}`,
      { private: priv },
    );
    results.forEach((r, i) => {
      const item = batch[i].item;
      item.status = r.status === 'created' ? 'imported' : r.status === 'updated' ? 'updated' : 'skipped';
      item.title = r.record?.title;
      if (r.also?.length) item.forked = r.also.map((f) => ({ id: f.id, title: f.title }));
    });
  };
  for (const f of files) {
    let sessions: ParsedInput[];
    try {
      if ('error' in f) throw f.error;
      sessions = parseInputs(f, opts.format ?? 'auto');
      if (f.cwd) sessions = sessions.map((x) => ({ ...x, meta: { ...x.meta, cwd: f.cwd } }));
    } catch (e) {
      const msg = e instanceof KiroError || e instanceof Error ? e.message : String(e);
      // The path is the item's own: the reason need not repeat it.
      items.push({ path: f.name, status: 'invalid', reason: msg.startsWith(f.name) ? msg.slice(f.name.length).replace(/^:\s?/, '') : msg });
      opts.onProgress?.(++done, files.length);
      continue;
    }
    for (const [i, parsed] of sessions.entries()) {
      const found: Record<string, number> = {};
      const input = redactor.input(parsed, found);
      const item: ImportItem = { path: sessions.length > 1 ? `${f.name}#${i + 1}` : f.name, status: 'imported', format: input.format };
      if (Object.keys(found).length) item.redacted = found;
      try {
        item.id = sessionIdFor(input, undefined, f.name);
      } catch (e) {
        items.push({ ...item, status: 'invalid', reason: (e as Error).message });
        continue;
      }
      if (input.warnings?.length) item.warnings = input.warnings;
      items.push(item);
      pending.push({ item, input });
      // git writes this conversation while the next file is parsed.
      await store.stage(item.id, input.sourceBytes, { private: priv });
    }
    if (pending.length >= BATCH) await flush();
    opts.onProgress?.(++done, files.length);
  }
  await flush();
  return items;
}

export type Found = InputFile | { name: string; error: Error; bytes: Buffer };

/** Files to read: folders walked (dot-folders and node_modules skipped, links not followed), Kiro 2.x pairs joined. */
function expand(paths: string[]): Found[] {
  const out: Found[] = [];
  const read = (p: string) => {
    // A Kiro 2.x log beside its metadata file is read with it, not on its own.
    if (extname(p) === '.jsonl' && existsSync(p.replace(/\.jsonl$/, '.json'))) return;
    const bytes = readFileSync(p);
    const companion = extname(p) === '.json' && existsSync(p.replace(/\.json$/, '.jsonl')) ? readFileSync(p.replace(/\.json$/, '.jsonl')) : undefined;
    out.push({ name: p, bytes, ...(companion ? { companion } : {}) });
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push({ name: p, bytes: Buffer.alloc(0), error: new Error('no such file or folder') });
      continue;
    }
    if (!st.isDirectory()) read(p);
    else {
      const accept = (name: string) => (!name.startsWith('.') || name.startsWith('.aider.chat.history')) && READABLE.has(extname(name));
      walkFiles(p, { accept, skip: (folder) => folder.startsWith('.') || folder === 'node_modules' }).forEach(read);
    }
  }
  return out;
}
