import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { ConflictError, InvalidInputError } from '../../errors';
import { walkFiles } from '../../fs/walk';
import { captureCommand, type AgentHookChange, type AgentPlugin, type AgentSession } from '../agent';
import { firstJsonlValue, readSession, removeConfigFile, within, writeConfigFile } from '../files';
import { codex } from './adapter';
import { codexInto } from './write';
import { patchFiles } from '../../model/patch';
import { shellWrites } from '../written-files';

/** ~/.codex/sessions/**\/rollout-*.jsonl whose session_meta cwd is inside the worktree. */
async function sessions(home: string, root: string): Promise<AgentSession[]> {
  const out: AgentSession[] = [];
  for (const f of walkFiles(join(home, '.codex', 'sessions'), { accept: (n) => n.startsWith('rollout-') && n.endsWith('.jsonl'), depth: 4 })) {
    const cwd = firstJsonlValue(f, (r) => (r.type === 'session_meta' && r.payload && typeof r.payload === 'object' ? (r.payload as Record<string, unknown>).cwd : undefined));
    if (cwd && within(root, cwd)) out.push(readSession(f, cwd));
  }
  return out;
}

const MARK = `# added by git-kiro: ${captureCommand('codex').replace('capture --from', 'hooks install --agent')}`;

/**
 * `notify` in ~/.codex/config.toml (Codex has no project-local hooks). The file is
 * parsed (smol-toml) to know whether the user already has a notify program, which is
 * never replaced; it is edited as text, so the user's formatting and comments stay.
 */
function hook(_root: string, { uninstall, home }: { uninstall: boolean; home: string }): AgentHookChange {
  const file = join(home, '.codex', 'config.toml');
  const snippet = `${MARK}\nnotify = ["git", "kiro", "capture", "--from", "codex"]\n`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const change = (action: AgentHookChange['action']) => ({ agent: 'codex', file, action, snippet });
  if (uninstall) {
    if (!text.includes(snippet)) return change('not there');
    // Install put a blank line between ours and the user's: take that too.
    const rest = text.includes(`${snippet}\n`) ? text.replace(`${snippet}\n`, '') : text.replace(snippet, '');
    if (rest.trim()) writeConfigFile(file, rest);
    else removeConfigFile(file);
    return change('removed');
  }
  if (text.includes(snippet)) return change('already there');
  let config: Record<string, unknown>;
  try {
    config = parseToml(text);
  } catch (e) {
    throw new InvalidInputError(`is not valid TOML (${(e as Error).message.split('\n')[0]}); not touching it`, { file });
  }
  if (config.notify !== undefined) {
    throw new ConflictError(`${file} already sets notify; Codex runs only one notify program`, { hint: `add \`${captureCommand('codex')}\` to the program it runs` });
  }
  // Top-level keys must come before any [table] in TOML: put ours first.
  writeConfigFile(file, `${snippet}${text ? `\n${text}` : ''}`);
  return change('added');
}

export const codexAgent: AgentPlugin = {
  name: 'codex',
  label: 'Codex',
  formats: [codex],
  sessions,
  whereSessions: (home) => join(home, '.codex', 'sessions'),
  hook,
  into: codexInto,
  // apply_patch (as its own tool, or as a shell command) names files in its headers;
  // a shell command may write a file by redirection.
  filesWritten: (call) => {
    if (typeof call.args === 'string') return call.name === 'apply_patch' ? patchFiles(call.args) : [];
    const a = (call.args ?? {}) as Record<string, unknown>;
    if (typeof a.input === 'string' && call.name === 'apply_patch') return patchFiles(a.input);
    const cmd = Array.isArray(a.command) ? a.command.filter((x): x is string => typeof x === 'string') : typeof a.command === 'string' ? [a.command] : [];
    if (cmd[0] === 'apply_patch' && cmd[1]) return patchFiles(cmd[1]);
    return cmd.length ? shellWrites(cmd[cmd.length - 1]) : [];
  },
};
