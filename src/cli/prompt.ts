import { createInterface, emitKeypressEvents } from 'node:readline';
import type { SessionSummary } from '../model/session-record';
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

/** y/N question on the terminal; "no" and end of input are a normal "no". */
export async function confirm(question: string): Promise<boolean> {
  const a = await readLine(`${question} [y/N] `);
  return /^y(es)?$/i.test((a ?? '').trim());
}

/**
 * Choose a session. On a TTY: arrow keys, type to filter, Enter to pick, Esc to cancel.
 * Otherwise a numbered list on stderr and a number read from stdin, so scripts can
 * drive it. Resolves undefined when cancelled.
 */
export async function pickSession(list: SessionSummary[]): Promise<SessionSummary | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    list.forEach((s, i) => process.stderr.write(`${String(i + 1).padStart(3)}) ${s.title}  ${s.id.slice(0, 8)}  ${kiroLine(s)}\n`));
    const a = (await readLine(`Select a session [1-${list.length}]: `))?.trim();
    const n = Number(a);
    return Number.isInteger(n) && n >= 1 && n <= list.length ? list[n - 1] : undefined;
  }
  return ttyPicker(list);
}

function ttyPicker(list: SessionSummary[]): Promise<SessionSummary | undefined> {
  const out = process.stderr;
  let filter = '';
  let index = 0;
  let drawn = 0;
  const visible = () => list.filter((s) => `${s.title} ${s.preview} ${s.id}`.toLowerCase().includes(filter.toLowerCase()));
  const draw = () => {
    if (drawn) out.write(`\u001b[${drawn}A\u001b[0J`);
    const items = visible().slice(0, 10);
    index = Math.min(index, Math.max(0, items.length - 1));
    const lines = [`Select a session (type to filter, ↑/↓, Enter; Esc cancels): ${filter}`];
    items.forEach((s, i) => lines.push(`${i === index ? '\u001b[36m❯' : ' '} ${s.title}  \u001b[2m${kiroLine(s).slice(0, 90)}\u001b[0m`));
    if (!items.length) lines.push('  (no match)');
    out.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  return new Promise((resolve) => {
    emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.resume();
    const done = (v: SessionSummary | undefined) => {
      process.stdin.setRawMode(false);
      process.stdin.pause();
      process.stdin.off('keypress', onKey);
      resolve(v);
    };
    const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean }) => {
      if (key.name === 'escape' || (key.ctrl && key.name === 'c')) return done(undefined);
      if (key.name === 'return') return done(visible()[index]);
      if (key.name === 'up') index = Math.max(0, index - 1);
      else if (key.name === 'down') index += 1;
      else if (key.name === 'backspace') filter = filter.slice(0, -1);
      else if (str && str.length === 1 && str >= ' ') {
        filter += str;
        index = 0;
      }
      draw();
    };
    process.stdin.on('keypress', onKey);
    draw();
  });
}
