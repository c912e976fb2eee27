import { v5 as uuidv5, validate as isUuid } from 'uuid';

/** Namespace for session ids derived from a source's own id when that is not a UUID. */
const SOURCE_ID_NAMESPACE = '2b7a4f1e-8c3d-4e6f-9a0b-1c2d3e4f5a6b';

/**
 * git-kiro's session id for a source's own id (Kiro's conversation_id, Claude's
 * sessionId, opencode's `ses_…`): the id itself when it is a UUID, else a UUID derived
 * from it (v5), so the same source always lands on the same session.
 */
export function sessionIdOfSource(format: string, own: string): string {
  return isUuid(own) ? own.toLowerCase() : uuidv5(`${format}:${own}`, SOURCE_ID_NAMESPACE);
}

/** A session id for a source with no id of its own, derived from its bytes. */
export function sessionIdOfBytes(format: string, bytes: Buffer): string {
  return uuidv5(`${format}:${bytes.toString('base64').slice(0, 4096)}:${bytes.length}`, SOURCE_ID_NAMESPACE);
}
