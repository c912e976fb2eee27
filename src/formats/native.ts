/**
 * git-kiro's own export: the session's metadata plus its source, in one JSON file
 * (`load --format native`, `save --format native`). JSON sources are embedded as
 * values (readable); any other source as text.
 */
export const NATIVE_FORMAT = 'git-kiro-session';
export const NATIVE_VERSION = 1;

export function looksLikeNative(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as { format?: unknown }).format === NATIVE_FORMAT;
}
