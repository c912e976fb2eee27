/**
 * The only place that writes to the terminal. Colour only when the stream is a TTY
 * and NO_COLOR is unset (https://no-color.org); FORCE_COLOR=1 forces it for tests.
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  /** Bytes exactly as given (a session's source, an export). */
  raw(bytes: Buffer): void;
  color: boolean;
}

export function consoleOutput(): Output {
  const color = process.env.FORCE_COLOR === '1' || (!!process.stdout.isTTY && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb');
  return {
    out: (t) => process.stdout.write(forTerminal(t.endsWith('\n') ? t : `${t}\n`)),
    err: (t) => process.stderr.write(forTerminal(t.endsWith('\n') ? t : `${t}\n`)),
    json: (v) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
    // Exact bytes into a pipe or a file; on a terminal, escapes made visible.
    raw: (b) => process.stdout.write(process.stdout.isTTY ? forTerminal(b.toString('utf8')) : b),
    color,
  };
}

/** The styles paint() writes: the only escape sequences that reach a terminal as such. */
const OURS = /(\u001b\[(?:1|2|22|31|32|33|35|36|39)m)/;

/**
 * Text for a terminal. Titles, previews and conversations come from other people's
 * notes: a control character could move the cursor, rewrite lines, set the clipboard
 * (OSC 52) or the window title. Every control character but newline and tab, C1
 * controls and bidirectional overrides are shown escaped (`^[`, `\x07`, `\u202e`);
 * only the colour codes this tool writes itself pass.
 */
export function forTerminal(text: string): string {
  return text
    .split(OURS)
    .map((part, i) => (i % 2 ? part : part.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, escapeChar)))
    .join('');
}

function escapeChar(c: string): string {
  const n = c.charCodeAt(0);
  if (n === 0x1b) return '^[';
  if (n === 0x0d) return '\\r';
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16)}`;
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], magenta: [35, 39] } as const;
export type Style = keyof typeof codes;

export function paint(o: Output, style: Style, text: string): string {
  if (!o.color) return text;
  const [a, b] = codes[style];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}
