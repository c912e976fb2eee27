export type DiffLine = { op: ' ' | '-' | '+'; text: string } | { op: '…'; skipped: number };

/** Beyond this many old × new lines the middle is shown as all removed then all added. */
const MAX_CELLS = 4_000_000;

/**
 * A line diff of an edit (old text → new text), with `context` unchanged lines kept
 * around each change and longer unchanged runs folded to a count. Common prefix and
 * suffix are trimmed first, so the quadratic part only sees the lines that differ.
 */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  const lines: { op: ' ' | '-' | '+'; text: string }[] = [...a.slice(0, pre).map((text) => ({ op: ' ' as const, text })), ...middle(midA, midB), ...a.slice(a.length - suf).map((text) => ({ op: ' ' as const, text }))];
  return fold(lines, context);
}

/** Longest common subsequence by dynamic programming, read back as removals and additions. */
function middle(a: string[], b: string[]): { op: ' ' | '-' | '+'; text: string }[] {
  if (a.length * b.length > MAX_CELLS) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
  const out: { op: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: ' ', text: a[i++] });
      j++;
    } else if (i < a.length && (j === b.length || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) out.push({ op: '-', text: a[i++] });
    else out.push({ op: '+', text: b[j++] });
  }
  return out;
}

function fold(lines: { op: ' ' | '-' | '+'; text: string }[], context: number): DiffLine[] {
  const near = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.op === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) near[k] = true;
  });
  const out: DiffLine[] = [];
  lines.forEach((l, i) => {
    if (near[i]) return void out.push(l);
    const last = out[out.length - 1];
    if (last?.op === '…') last.skipped++;
    else out.push({ op: '…', skipped: 1 });
  });
  return out;
}
