import type { Command } from './command';

/**
 * The everyday commands' plain command lines, parsed without building yargs (issue 17):
 * building the parser for every command and running it is about a fifth of what `list`
 * costs. The flags are still the command's own: its builder runs against a recorder
 * that notes each option and positional. Anything this does not fully understand (a
 * short flag, `--x=y`, an unknown or repeated flag, a choice not offered, a number
 * that is not one, help, a variadic positional) returns undefined, and yargs parses
 * the line as always, with its own messages.
 */
export const FAST_COMMANDS = ['list', 'ls', 'show', 'load', 'save', 'resume', 'search', 'capture', 'hook', 'status', 'push', 'pull', 'sync'];

interface Spec {
  type?: 'boolean' | 'string' | 'number';
  alias?: string | string[];
  default?: unknown;
  choices?: readonly unknown[];
  demandOption?: boolean | string;
  array?: boolean;
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** What a builder declares, read by running it against a recorder instead of yargs. */
function declared(c: Command<unknown>): { options: Map<string, Spec>; positionals: Map<string, Spec>; unknownAsArgs: boolean } | undefined {
  const options = new Map<string, Spec>();
  const positionals = new Map<string, Spec>();
  let unsupported = false;
  let unknownAsArgs = false;
  const recorder: Record<string, unknown> = {
    // The hook's `unknown-options-as-args` (a hook passes git's arguments through); nothing else.
    parserConfiguration: (cfg: Record<string, unknown>) => {
      if (Object.keys(cfg).some((k) => k !== 'unknown-options-as-args')) unsupported = true;
      unknownAsArgs = cfg['unknown-options-as-args'] === true;
      return recorder;
    },
    option: (name: string, spec: Spec) => (options.set(name, spec), recorder),
    options: (specs: Record<string, Spec>) => (Object.entries(specs).forEach(([k, v]) => options.set(k, v)), recorder),
    positional: (name: string, spec: Spec) => (positionals.set(name, spec), recorder),
  };
  const proxy: unknown = new Proxy(recorder, {
    get(target, key: string) {
      if (key in target) return target[key];
      unsupported = true; // parserConfiguration, check, conflicts …: yargs' business
      return () => proxy;
    },
  });
  try {
    (c.builder as unknown as (y: unknown) => unknown)(proxy);
  } catch {
    return undefined;
  }
  return unsupported ? undefined : { options, positionals, unknownAsArgs };
}

export function fastParse(argv: string[], commands: Command<unknown>[]): { command: Command<unknown>; args: Record<string, unknown> } | undefined {
  const [word, ...rest] = argv;
  if (!word || !FAST_COMMANDS.includes(word)) return undefined;
  const command = commands.find((c) => (Array.isArray(c.command) ? c.command : [c.command]).some((w: string) => w.split(' ')[0] === word));
  if (!command) return undefined;
  const usage = (Array.isArray(command.command) ? command.command[0] : command.command) as string;
  const slots = usage.split(' ').slice(1);
  // Only a last positional may take the rest (`hook <name> [args..]`).
  if (slots.slice(0, -1).some((s) => s.includes('..'))) return undefined;
  const spec = declared(command);
  if (!spec) return undefined;
  const byFlag = new Map<string, [string, Spec]>();
  for (const [name, s] of spec.options) for (const n of [name, ...[s.alias ?? []].flat()]) if (n.length > 1) byFlag.set(n, [name, s]);
  const args: Record<string, unknown> = { _: [word], $0: 'git kiro' };
  const set = (name: string, s: Spec, v: unknown) => {
    for (const n of [name, ...[s.alias ?? []].flat()]) args[n] = args[camel(n)] = v;
  };
  const seen = new Set<string>();
  const values: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('-') || a === '-' || (spec.unknownAsArgs && !byFlag.has(a.replace(/^--(no-)?/, '')))) {
      values.push(a);
      continue;
    }
    if (!a.startsWith('--') || a.includes('=') || a === '--') return undefined;
    const neg = a.startsWith('--no-') && !byFlag.has(a.slice(2));
    const hit = byFlag.get(neg ? a.slice(5) : a.slice(2));
    if (!hit || seen.has(hit[0])) return undefined;
    const [name, s] = hit;
    seen.add(name);
    if (s.type === 'boolean') {
      set(name, s, !neg);
      continue;
    }
    if (neg || s.array || i + 1 >= rest.length || rest[i + 1].startsWith('-')) return undefined;
    const raw = rest[++i];
    const v = s.type === 'number' ? Number(raw) : raw;
    if ((s.type === 'number' && !Number.isFinite(v)) || (s.choices && !s.choices.includes(v))) return undefined;
    set(name, s, v);
  }
  for (const [name, s] of spec.options) {
    if (seen.has(name)) continue;
    if (s.demandOption) return undefined;
    if (s.default !== undefined) set(name, s, s.default);
  }
  // Positionals in the order the usage names them: <required>, [optional].
  const variadic = slots.at(-1)?.includes('..');
  if (values.length > slots.length && !variadic) return undefined;
  for (const [i, slot] of slots.entries()) {
    const name = slot.replace(/[<>[\].]/g, '');
    if (slot.includes('..')) {
      args[name] = args[camel(name)] = values.slice(i);
      continue;
    }
    const v = values[i];
    if (v === undefined) {
      if (slot.startsWith('<')) return undefined;
      continue;
    }
    const s = spec.positionals.get(name) ?? {};
    if (s.choices && !s.choices.includes(v)) return undefined;
    args[name] = args[camel(name)] = s.type === 'number' ? Number(v) : v;
  }
  return { command, args };
}
