import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkFiles } from '../../fs/walk';
import { captureCommand, type AgentHookChange, type AgentPlugin, type AgentSession } from '../agent';
import { ownHookFile, readSession, settingsHook, within } from '../files';
import { kiroV1 } from './v1/adapter';
import { kiroV2 } from './v2-adapter';
import { kiroInto } from './write';

/** Kiro 1.x: `data_local_dir()/kiro-cli/data.sqlite3` (Linux and macOS locations). */
export function kiroDatabases(home: string): string[] {
  return [join(home, '.local', 'share', 'kiro-cli', 'data.sqlite3'), join(home, 'Library', 'Application Support', 'kiro-cli', 'data.sqlite3')].filter(existsSync);
}

/** The SQLite table conversations_v2 (Kiro 1.x) and ~/.kiro/sessions/cli (2.x). */
async function sessions(home: string, root: string): Promise<AgentSession[]> {
  return [...(await fromSqlite(home, root)), ...fromV2(home, root)];
}

async function fromSqlite(home: string, root: string): Promise<AgentSession[]> {
  const out: AgentSession[] = [];
  for (const db of kiroDatabases(home)) {
    // sql.js: SQLite compiled to WebAssembly. No native build to fail on install, and
    // loaded only here (18 ms), so the rest of the tool and its cache stay SQLite-free.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- kept out of the bundle (its .wasm sits beside it)
    const initSqlJs = require('sql.js') as typeof import('sql.js');
    const SQL = await initSqlJs();
    // An empty or damaged database is one invalid item, not the end of the import:
    // the Kiro 2.x sessions beside it are still read.
    let conn: InstanceType<typeof SQL.Database> | undefined;
    try {
      conn = new SQL.Database(readFileSync(db));
      const res = conn.exec('SELECT key, conversation_id, value, updated_at FROM conversations_v2');
      for (const [key, id, value, updated] of res[0]?.values ?? []) {
        if (typeof key !== 'string' || typeof value !== 'string' || !within(root, key)) continue;
        out.push({ name: `${db}#${String(id)}`, bytes: Buffer.from(value), cwd: key, mtimeMs: Number(updated) || 0 });
      }
    } catch (e) {
      out.push({ name: db, bytes: Buffer.alloc(0), cwd: root, mtimeMs: 0, error: new Error(`not a readable Kiro database: ${(e as Error).message}`) });
    } finally {
      conn?.close();
    }
  }
  return out;
}

function fromV2(home: string, root: string): AgentSession[] {
  return walkFiles(join(home, '.kiro', 'sessions', 'cli'), { accept: (n) => n.endsWith('.json'), depth: 0 }).flatMap((f) => {
    try {
      const meta = JSON.parse(readFileSync(f, 'utf8')) as { cwd?: unknown };
      const log = f.replace(/\.json$/, '.jsonl');
      if (typeof meta.cwd !== 'string' || !within(root, meta.cwd)) return [];
      return [readSession(f, meta.cwd, existsSync(log) ? readFileSync(log) : undefined)];
    } catch {
      return [];
    }
  });
}

/**
 * Kiro CLI 3.x reads hooks from their own files (.kiro/hooks/git-kiro.json); 2.x from
 * each agent configuration (.kiro/agents/*.json, `"hooks": {"stop": [{"command"}]}`).
 * Both are written, so either version captures; the 2.x ones come as `more`.
 */
function hook(root: string, opts: { uninstall: boolean }): AgentHookChange {
  const agents = join(root, '.kiro', 'agents');
  const configs = existsSync(agents) ? readdirSync(agents).filter((f) => f.endsWith('.json')).sort() : [];
  const more = configs.map((f) => settingsHook({ agent: 'kiro', file: join(agents, f), event: 'stop', uninstall: opts.uninstall, entry: { command: captureCommand('kiro') } }));
  const main = hooksFile(root, opts);
  return more.length ? { ...main, more } : main;
}

/** Its own hook file, .kiro/hooks/git-kiro.json (Kiro CLI 3.x's standalone hook format). */
function hooksFile(root: string, { uninstall }: { uninstall: boolean }): AgentHookChange {
  const snippet = `${JSON.stringify(
    { version: 'v1', hooks: [{ name: 'git-kiro-capture', trigger: 'Stop', action: { type: 'command', command: captureCommand('kiro') }, timeout: 30, enabled: true }] },
    null,
    2,
  )}\n`;
  return ownHookFile({ agent: 'kiro', file: join(root, '.kiro', 'hooks', 'git-kiro.json'), snippet, uninstall });
}

export const kiroAgent: AgentPlugin = {
  name: 'kiro',
  label: 'Kiro CLI',
  formats: [kiroV1, kiroV2],
  sessions,
  whereSessions: (home) => `${join(home, '.kiro', 'sessions', 'cli')} and Kiro's SQLite database`,
  hook,
  into: kiroInto,
  // fs_write (create, str_replace, insert, append) names its file as `path`.
  filesWritten: (call) => {
    if (call.name !== 'fs_write' && call.name !== 'write') return [];
    const a = (call.args ?? {}) as Record<string, unknown>;
    return typeof a.path === 'string' ? [a.path] : [];
  },
};
