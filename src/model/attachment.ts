import { OBJECT_ID } from './session-record';
/**
 * A session attached to a commit: one JSON object per line in the commit's note in
 * refs/notes/kiro. JSON lines, because git's own rewrite modes (concatenate,
 * cat_sort_uniq, union) keep every line valid when amend, rebase or squash combine
 * notes; a single JSON document would not survive (git-notes.md).
 */
export interface Attachment {
  session: string;
  title: string;
  /** Message count when it was attached: how far the conversation had got. */
  messages: number;
  at?: string;
  /** The note (record) blob of the session as attached: `load --commit` gives that version. */
  version?: string;
}


/** Parses a commit note; lines that are not attachments are skipped, never fatal. */
export function parseAttachments(bytes: Buffer | string): Attachment[] {
  const out = new Map<string, Attachment>();
  for (const line of bytes.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as Partial<Attachment>;
      if (v && typeof v.session === 'string') {
        const a: Attachment = { session: v.session, title: typeof v.title === 'string' ? v.title : '', messages: typeof v.messages === 'number' ? v.messages : 0 };
        if (typeof v.at === 'string') a.at = v.at;
        // From a remote, so a stranger's: only a full object id is kept, never a revision.
        if (typeof v.version === 'string' && OBJECT_ID.test(v.version)) a.version = v.version;
        // A squash can bring the same session twice: keep the furthest state.
        const prev = out.get(a.session);
        if (!prev || a.messages >= prev.messages) out.set(a.session, a);
      }
    } catch {
      /* not ours */
    }
  }
  return [...out.values()];
}

/** One line per attachment, sorted by session id: the same set always gives the same bytes. */
export function serialiseAttachments(list: Attachment[]): string {
  return [...list]
    .sort((a, b) => (a.session < b.session ? -1 : a.session > b.session ? 1 : 0))
    .map((a) => `${JSON.stringify(a)}\n`)
    .join('');
}

/** A note in refs/notes/kiro is either a session record (one JSON object) or attachments (JSON lines). */
export function isAttachmentNote(bytes: Buffer): boolean {
  const text = bytes.toString('utf8', 0, Math.min(bytes.length, 200)).trimStart();
  return text.startsWith('{"session":');
}

/** Union of two attachment lists by session, keeping the furthest state of each. */
export function union(a: Attachment[], b: Attachment[]): Attachment[] {
  const out = new Map(a.map((x) => [x.session, x]));
  for (const x of b) {
    const prev = out.get(x.session);
    if (!prev || x.messages > prev.messages) out.set(x.session, x);
  }
  return [...out.values()];
}
