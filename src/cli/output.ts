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
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    json: (v) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
    raw: (b) => process.stdout.write(b),
    color,
  };
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], magenta: [35, 39] } as const;
export type Style = keyof typeof codes;

export function paint(o: Output, style: Style, text: string): string {
  if (!o.color) return text;
  const [a, b] = codes[style];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}
