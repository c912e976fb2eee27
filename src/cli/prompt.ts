import { createInterface, emitKeypressEvents } from 'node:readline';
import type { SessionSummary } from '../model/session-record';
import { forTerminal } from './output';
import { kiroLine } from './render';

/**
 * Lines of stdin when it is not a terminal, from one reader for the whole process:
 * a picker's answer and the chat's messages come from the same stream, and only one
 * reader may see its end.
 */
class StdinLines {
  private lines: string[] = [];
  private ended = false;
  private waiting: ((l: string | undefined) => void)[] = [];
  private rl = createInterface({ input: process.stdin, terminal: false });

  constructor() {
    this.rl.on('line', (l) => (this.waiting.length ? this.waiting.shift()!(l) : this.lines.push(l)));
    this.rl.on('close', () => {
      this.ended = true;
      for (const w of this.waiting.splice(0)) w(undefined);
    });
  }

  next(): Promise<string | undefined> {
    if (this.lines.length) return Promise.resolve(this.lines.shift());
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((r) => this.waiting.push(r));
  }
}

let shared: StdinLines | undefined;
export const stdinLines = () => (shared ??= new StdinLines());

/** One line from stdin (the numbered-prompt fallback when stdin is not a terminal). */
function readLine(question: string): Promise<string | undefined> {
  process.stderr.write(question);
  return stdinLines().next();
}

/**
 * y/N question on the terminal (@inquirer/confirm, loaded only when a question is
 * asked); Ctrl-C and end of input are a normal "no". On stdin that is not a terminal,
 * one line is read.
 */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    const a = await readLine(`${question} [y/N] `);
    return /^y(es)?$/i.test((a ?? '').trim());
  }
  const { default: ask } = await import('@inquirer/confirm');
  try {
    return await ask({ message: forTerminal(question), default: false }, { output: process.stderr });
  } catch {
    return false; // Ctrl-C: nothing is done
  }
}

/**
 * Choose a session. On a TTY: type to filter, arrow keys, Enter to pick, Esc or Ctrl-C
 * to cancel (@inquirer/search, loaded only here), every row cut to the terminal's
 * width. Otherwise a numbered list on stderr and a number read from stdin, so scripts
 * can drive it. Resolves undefined when cancelled.
 */
export async function pickSession(list: SessionSummary[]): Promise<SessionSummary | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    list.forEach((s, i) => process.stderr.write(`${String(i + 1).padStart(3)}) ${s.title}  ${s.id.slice(0, 8)}  ${kiroLine(s)}\n`));
    const a = (await readLine(`Select a session [1-${list.length}]: `))?.trim();
    const n = Number(a);
    return Number.isInteger(n) && n >= 1 && n <= list.length ? list[n - 1] : undefined;
  }
  const { default: search } = await import('@inquirer/search');
  const width = Math.max(20, (process.stderr.columns || 80) - 4);
  const row = (s: SessionSummary) => fit(forTerminal(`${s.title}  ${kiroLine(s)}`), width);
  const esc = new AbortController();
  emitKeypressEvents(process.stdin);
  const onKey = (_: string, key?: { name?: string }) => key?.name === 'escape' && esc.abort();
  process.stdin.on('keypress', onKey);
  try {
    return await search<SessionSummary>(
      {
        message: 'Select a session (type to filter, ↑/↓, Enter; Esc cancels):',
        source: (term) =>
          list
            .filter((s) => `${s.title} ${s.preview} ${s.id}`.toLowerCase().includes((term ?? '').toLowerCase()))
            .slice(0, 10)
            .map((s) => ({ name: row(s), value: s, short: fit(forTerminal(s.title), width) })),
        pageSize: 10,
      },
      { output: process.stderr, signal: esc.signal },
    );
  } catch {
    return undefined; // Esc or Ctrl-C
  } finally {
    process.stdin.off('keypress', onKey);
    process.stdin.pause();
  }
}

/** A row cut to `width` terminal columns (code points; wide characters count as two). */
export function fit(text: string, width: number): string {
  let out = '';
  let cols = 0;
  for (const ch of text.replace(/\s+/g, ' ')) {
    const w = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}]/u.test(ch) ? 2 : 1;
    if (cols + w > width - 1) return `${out}…`;
    out += ch;
    cols += w;
  }
  return out;
}
