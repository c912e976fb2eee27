import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError, ExternalError, InvalidInputError } from '../errors';
import { again, done, POLICIES, retry, type RetryPolicy } from '../util/retry';
import { CatFile } from '../git/cat-file';
import { readConfig } from '../git/config';
import { ObjectDb } from '../git/object-db';
import { casRef, commitTreeId } from '../git/objects';
import { NOTES_REF, readRef, refFromFiles, type RepoInfo } from '../git/repo';
import { runGit } from '../git/run-git';
import { isAttachmentNote } from '../model/attachment';
import { isTombstoneNote } from '../model/tombstone';
import { parseRecord, type SessionRecord } from '../model/session-record';
import { sessionKey } from './notes-layout';
import { diffNotes, editNotesTree, findNote, listNotes, type KeyEdit, type TreeCtx } from './notes-tree';

/**
 * Sessions in refs/notes/kiro. Reads go through one cat-file process; every write is a
 * compare-and-swap of the ref (build on tip T, `update-ref NEW T`, retry on a moved
 * tip), so concurrent writers never lose each other's sessions, and a process killed
 * mid-write leaves the ref at the last complete commit: objects are written first and
 * the ref moves last, atomically.
 */
export class NotesStore {
  readonly cat: CatFile;
  readonly ctx: TreeCtx;

  /** The tip this process last saw or wrote; discovery already read it once. */
  private seen: { tip?: string } | undefined;

  /** `config`: the command's one read of git config (the objects are written as it says). */
  constructor(
    readonly repo: RepoInfo,
    config: () => Promise<Map<string, string[]>> = () => readConfig(repo.root),
  ) {
    this.cat = new CatFile(repo.root);
    this.objects = () => (this.db ??= config().then((c) => new ObjectDb(repo, c)));
    this.ctx = { cwd: repo.root, cat: this.cat, hexLen: repo.objectFormat === 'sha256' ? 64 : 40, objects: this.objects };
    this.seen = { tip: repo.notesTip };
  }

  /** Where new objects are written (in this process where git would write them the same). */
  readonly objects: () => Promise<ObjectDb>;
  private db?: Promise<ObjectDb>;

  /**
   * The tip as this process last knew it (no git process when known): for reads within
   * one command, and as the first guess of a compare-and-swap, which checks it anyway.
   */
  async knownTip(): Promise<string | undefined> {
    this.seen ??= { tip: await this.tip() };
    return this.seen.tip;
  }

  /** The tip this process knows, without waiting (undefined: not known, or no ref). */
  seenTip(): string | undefined {
    return this.seen?.tip;
  }

  /** The ref may have moved under this process (a fetch, a server request): read it again next time. */
  forgetTip(): void {
    this.seen = undefined;
  }

  /** Moves the ref by compare-and-swap outside `update` (merges, rewrites), keeping the known tip right. */
  async moveTip(next: string, expected: string | undefined, message: string): Promise<'ok' | 'moved' | 'locked'> {
    const r = await casRef(this.repo.root, NOTES_REF, next, expected, message);
    this.seen = r === 'ok' ? { tip: next } : undefined;
    return r;
  }

  key(id: string): string {
    return sessionKey(id, this.repo.objectFormat);
  }

  tip(): Promise<string | undefined> {
    return this.readCommitRef(NOTES_REF);
  }

  /**
   * The commit a ref names, as `git rev-parse --verify ref^{commit}` answers, without
   * its process (a push read refs seven times, 2 ms each): the id from the ref's file,
   * peeled through the object reader. Where the files cannot say, git does.
   */
  async readCommitRef(ref: string): Promise<string | undefined> {
    const id = refFromFiles(this.repo, ref);
    if (id === null) return readRef(this.repo.root, ref);
    if (id === undefined) return undefined;
    const o = await this.cat.read(`${id}^{commit}`);
    return o?.type === 'commit' ? o.oid : undefined;
  }

  async treeOf(commit: string): Promise<string> {
    const o = await this.cat.read(commit);
    if (!o) throw new ConflictError(`notes commit ${commit} is missing`);
    return commitTreeId(o.data);
  }

  /**
   * The record of session `id` in notes commit `tip`, with its note blob id, checked
   * against the tree it is in (recordIn). Throws InvalidInputError for a note that
   * fails those checks.
   */
  async recordAt(tip: string | undefined, id: string): Promise<{ record: SessionRecord; blob: string } | undefined> {
    if (!tip) return undefined;
    const tree = await this.treeOf(tip);
    const blob = await findNote(this.ctx, tree, this.key(id));
    if (!blob) return undefined;
    const record = await this.recordIn(tree, this.key(id), blob);
    return record ? { record, blob } : undefined;
  }

  /**
   * The record a note holds at `key` of `tree`: undefined for a tombstone or a commit's
   * attachments. Notes come from remotes, so a record must also belong where it is: its
   * id is the one `key` was made from (an impostor under another key cannot shadow a
   * session), and its conversation is the `.src` beside it in the same tree (a note
   * cannot point at any other object of the repository).
   */
  async recordIn(tree: string, key: string, blob: string): Promise<SessionRecord | undefined> {
    const record = await this.recordFromBlob(blob, key);
    if (!record) return undefined;
    const src = await findNote(this.ctx, tree, `${key}.src`);
    if (src !== record.source.blob) throw new InvalidInputError('the conversation it names is not the one stored beside it', { file: `note ${blob.slice(0, 12)}`, field: 'source.blob' });
    return record;
  }

  /**
   * The record in a note blob; undefined for a tombstone or a commit's attachments.
   * With `key`, a record whose id does not make that key is refused.
   */
  async recordFromBlob(blob: string, key?: string): Promise<SessionRecord | undefined> {
    const o = await this.cat.read(blob);
    if (!o) throw new ConflictError(`note blob ${blob} is missing`);
    if (isAttachmentNote(o.data) || isTombstoneNote(o.data)) return undefined;
    const record = parseRecord(o.data, `note ${blob.slice(0, 12)}`);
    if (key !== undefined && this.key(record.id) !== key) throw new InvalidInputError(`claims to be session ${record.id}, which is stored under another key`, { file: `note ${blob.slice(0, 12)}`, field: 'id' });
    return record;
  }

  /**
   * What a note is: a session record, undefined for a commit's attachments (not a
   * session), or 'invalid' for anything else (skipped, so one bad note from a remote
   * does not hide the rest). `key`: where the note is (its id must match).
   */
  async sessionFromBlob(blob: string, key?: string): Promise<SessionRecord | 'invalid' | undefined> {
    try {
      return await this.recordFromBlob(blob, key);
    } catch {
      return 'invalid';
    }
  }

  async blob(oid: string): Promise<Buffer | undefined> {
    return (await this.cat.read(oid))?.data;
  }

  async listNotes(tip: string): Promise<Map<string, string>> {
    return listNotes(this.ctx, await this.treeOf(tip));
  }

  /**
   * Changed notes between two notes trees (or commits), by key. Kept for the command:
   * a pull asked git for the same diff four times (the merge, the counts, the cache and
   * the remap all look at the same two tips). A copy is returned each time.
   */
  async diffNotes(from: string, to: string): Promise<Map<string, [string | undefined, string | undefined]>> {
    const [a, b] = await Promise.all([this.treeIdOf(from), this.treeIdOf(to)]);
    const key = `${a}..${b}`;
    let p = this.diffs.get(key);
    if (!p) {
      if (this.diffs.size >= 64) this.diffs.clear(); // a long-lived process (serve) keeps a few
      p = diffNotes(this.ctx, a, b);
      this.diffs.set(key, p);
      p.catch(() => this.diffs.delete(key));
    }
    return new Map(await p);
  }
  private readonly diffs = new Map<string, Promise<Map<string, [string | undefined, string | undefined]>>>();

  /** The tree of a commit, or the tree itself. */
  private async treeIdOf(id: string): Promise<string> {
    const o = await this.cat.read(id);
    return o?.type === 'commit' ? commitTreeId(o.data) : id;
  }

  async exists(oid: string): Promise<boolean> {
    return !!(await this.cat.read(`${oid}^{commit}`));
  }

  /**
   * Read-modify-write under compare-and-swap. `plan` sees the tip it builds on and
   * returns the edits (or null: nothing to do); it is called again after a lost race,
   * so it must derive everything from that tip. Returns the new tip.
   * Throws ConflictError when the ref kept moving for MAX_ATTEMPTS rounds.
   */
  async update(
    message: string,
    plan: (tip: string | undefined) => Promise<Map<string, KeyEdit | null> | null>,
    policy: RetryPolicy = POLICIES.localWrite,
  ): Promise<string | undefined> {
    let locked = 0;
    let wrote = false;
    const tip = await retry(
      policy,
      async (attempt) => {
        // The tip this process knows saves a git process; if it is stale, the
        // compare-and-swap fails and the next round reads the ref.
        const tip = attempt === 1 ? await this.knownTip() : await this.tip();
        const edits = await plan(tip);
        if (!edits) return done(tip);
        const tree = await editNotesTree(this.ctx, tip ? await this.treeOf(tip) : undefined, edits);
        const commit = await (await this.objects()).commitTree(tree, tip ? [tip] : [], message);
        const result = await this.moveTip(commit, tip, message);
        if (result === 'ok') {
          wrote = true;
          return done(commit);
        }
        // A held lock fails a hook at once: it means a crashed or a long-running git.
        if (result === 'locked' && ++locked >= Math.min(policy.attempts, 10)) {
          throw new ExternalError(`${NOTES_REF} is locked: ${join(this.repo.commonDir, NOTES_REF)}.lock exists`, {
            hint: 'another git process is updating it, or one crashed; if no git process is running, delete that file',
          });
        }
        if (!tip) await this.checkRefNameFree();
        return again;
      },
      () =>
        new ConflictError(`refs/notes/kiro kept changing; gave up after ${policy.attempts} attempts`, {
          hint: 'another process is writing sessions in a loop; try again, or check for a stale refs/notes/kiro.lock',
        }),
    );
    if (wrote) await this.housekeeping();
    return tip;
  }

  /**
   * Kiro's documentation shows `git notes --ref=kiro/notes`, i.e. refs/notes/kiro/notes,
   * and git cannot have both that ref and refs/notes/kiro. Say so, instead of retrying.
   */
  private async checkRefNameFree(): Promise<void> {
    const r = await runGit(['for-each-ref', '--format=%(refname)', `${NOTES_REF}/`], { cwd: this.repo.root });
    const blocking = r.stdout.toString().trim().split('\n').filter(Boolean);
    if (blocking.length) {
      throw new ConflictError(`cannot create ${NOTES_REF}: ${blocking.join(', ')} exists (Kiro's git-notes example writes it)`, {
        hint: `move it aside: git update-ref refs/notes/kiro-docs ${blocking[0]} && git update-ref -d ${blocking[0]}; its notes stay readable with git notes --ref=kiro-docs`,
        data: { blocking },
      });
    }
  }

  /**
   * Every write leaves loose objects; git's own heuristic (objects/17 as a sample of
   * 1/256 of them, gc.auto default 6700) decides when to pack. Checking the sample
   * here costs one readdir instead of starting `git gc --auto` on every save.
   */
  private async housekeeping(): Promise<void> {
    let n = 0;
    try {
      n = readdirSync(join(this.repo.commonDir, 'objects', '17')).length;
    } catch {
      return;
    }
    if (n * 256 > 6700) await runGit(['gc', '--auto', '--quiet'], { cwd: this.repo.root, okCodes: [0, 1, 128] });
  }

  close(): void {
    this.cat.close();
    // A staging fast-import nothing flushed (an import that failed, or wrote nothing):
    // ended, so that it neither waits for input nor keeps the command from exiting.
    void this.db?.then((db) => db.close(), () => undefined);
  }
}
