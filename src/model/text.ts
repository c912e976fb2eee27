/** One line, whitespace collapsed, cut at `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** A title from the first prompt: its first line, at most 60 characters. */
export function deriveTitle(firstPrompt: string | undefined): string {
  const first = (firstPrompt ?? '').split('\n').find((l) => l.trim()) ?? '';
  return oneLine(first, 60) || 'Untitled session';
}

/**
 * JSON.stringify that cannot throw: a value nested too deeply for the stack (from a
 * stranger's session) or with a cycle becomes a short marker instead of a crash.
 */
export function safeJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent) ?? '';
  } catch {
    return '"[too deeply nested to show]"';
  }
}
