/** `*** Add File: p`, `*** Update File: p`, `*** Move to: p` in an apply_patch body (Codex's file edits). */
export function patchFiles(patch: string): string[] {
  return [...patch.matchAll(/^\*\*\* (?:Add File|Update File|Move to): (.+)$/gm)].map((m) => m[1].trim());
}
