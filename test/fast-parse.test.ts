import fc from 'fast-check';
import yargs from 'yargs/yargs';
import { FAST_COMMANDS, fastParse } from '../src/cli/fast-parse';
import { COMMANDS } from '../src/cli/main';
import type { Command } from '../src/cli/command';

/** What yargs gives the command's handler for this line (undefined: yargs refuses it). */
function viaYargs(argv: string[]): Record<string, unknown> | undefined {
  const c = COMMANDS.find((x) => [x.command].flat().some((w: string) => w.split(' ')[0] === argv[0])) as Command<unknown>;
  let got: Record<string, unknown> | undefined;
  try {
    yargs(argv)
      .command({ command: c.command as string, describe: '', builder: c.builder as never, handler: (a) => void (got = a) })
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parse();
  } catch {
    return undefined;
  }
  return got;
}

/** The values a handler reads: camelCase keys with a value (yargs adds kebab twins and `_`). */
const values = (a: Record<string, unknown>) => Object.fromEntries(Object.entries(a).filter(([k, v]) => v !== undefined && k !== '_' && k !== '$0' && !k.includes('-')));

describe("the fast path parses a hot command's line as yargs does, or leaves it to yargs", () => {
  const lines: string[][] = [
    ['list'], ['list', '--all'], ['list', '--json', '--all'], ['ls', '--no-all'],
    ['show', 'abc'], ['show', 'abc', '--json'], ['show', 'abc', '--turn', '2'], ['show', 'abc', '--no-pager'],
    ['load', 'abc'], ['load', 'abc', '--format', 'source'], ['save', '--stdin'], ['save', 'f.json', '--title', 'a title'], ['save', 'f.json', '--force'],
    ['resume'], ['resume', 'abc'], ['search', 'some words'], ['search', 'x', '--all', '--json'],
    ['status'], ['status', '--json'], ['push'], ['push', 'origin'], ['push', '--queued', '--due'], ['pull', 'upstream', '--json'], ['sync'],
    ['hook', 'post-commit'], ['capture', '--from', 'claude-code'], ['capture', '{"a":1}', '--from', 'codex'],
  ];
  test.each(lines.map((l) => [l.join(' '), l]))('%s', (_, argv) => {
    // Every one of these plain lines takes the fast path, with yargs' values.
    const fast = fastParse(argv as string[], COMMANDS);
    const slow = viaYargs(argv as string[]);
    expect(fast).toBeDefined();
    expect(values(fast!.args)).toEqual(values(slow!));
  });

  test('random lines of each command\'s own flags: the same values, or yargs decides', () => {
    const words = ['--from', 'claude-code', 'abc', 'x y', '2', 'source', 'origin', '--all', '--json', '--no-json', '--turn', '--format', '--title', '--queued', '--due', '--stdin', '--force', '-a', '--bogus', '--'];
    fc.assert(
      fc.property(fc.constantFrom(...FAST_COMMANDS), fc.array(fc.constantFrom(...words), { maxLength: 5 }), (cmd, rest) => {
        const argv = [cmd, ...rest];
        const fast = fastParse(argv, COMMANDS);
        if (!fast) return;
        const slow = viaYargs(argv);
        expect(slow).toBeDefined(); // never accepts what yargs refuses
        expect(values(fast.args)).toEqual(values(slow!));
      }),
      { numRuns: 1500 },
    );
  });
});
