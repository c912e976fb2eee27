const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/**
 * A time as `<time>` in the zone of the machine that renders the page, with its offset
 * shown (`2026-11-22 19:40 UTC+01:00`). The page runs no script, so it cannot ask the
 * reader's browser: `serve` renders on the reader's own machine, and an exported or
 * published page names its offset so no reader is misled.
 */
export function timeHtml(iso: string | undefined, escape: (s: string) => string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return escape(iso);
  const off = -d.getTimezoneOffset();
  const text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} UTC${off < 0 ? '−' : '+'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
  return `<time datetime="${escape(d.toISOString())}">${text}</time>`;
}
