import { UsageError } from '../errors';
import { readConfig } from '../git/config';
import { hooksDir } from '../git/hooks-dir';
import { gitAuthor } from '../git/identity';
import { defaultRemote, listRemotes } from '../git/remote';
import { discoverRepo, type RepoInfo } from '../git/repo';
import { gitContext } from '../git/working-state';
import { settingsFrom, type Settings } from '../settings/settings';
import { Attachments } from '../store/attachments';
import { FileSessionStore } from '../store/file-session-store';
import { GitSessionStore } from '../store/git-session-store';
import type { FileWorkspace, GitWorkspace, Workspace } from './workspace';

export interface OpenOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/**
 * The workspace of a directory: git notes inside a worktree, the file store outside
 * any repository. The one place that decides which (one git process). Throws
 * ExternalError in a bare repository.
 */
export async function openWorkspace(opts: OpenOptions = {}): Promise<Workspace> {
  const cwd = opts.cwd ?? process.cwd();
  const now = opts.now ?? (() => new Date());
  const repo = await discoverRepo(cwd);
  return repo ? gitWorkspace(repo, now) : fileWorkspace(cwd, opts.env ?? process.env, now);
}

/**
 * The git workspace, for commands that need one: outside a repository it throws a
 * UsageError naming the command (`what`) and the directory.
 */
export function requireGit(ws: Workspace, what: string): GitWorkspace {
  if (ws.kind === 'git') return ws;
  throw new UsageError(`${what} needs a git repository; ${ws.root} is not in one`, { hint: 'run it inside a git worktree (git init, or cd into one)' });
}

function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

function gitWorkspace(repo: RepoInfo, now: () => Date): GitWorkspace {
  const config = memo(() => readConfig(repo.root));
  const sessions = new GitSessionStore(repo, now, config);
  const settings = memo(async (): Promise<Settings> => settingsFrom(await config()));
  return {
    kind: 'git',
    sessions,
    root: repo.root,
    repo,
    notes: sessions.notes,
    cache: sessions.cache,
    attachments: new Attachments(sessions.notes),
    config,
    settings,
    gitContext: (snapshot) => gitContext(repo, config(), snapshot),
    author: memo(() => gitAuthor(repo.root)),
    hooksDir: memo(() => hooksDir(repo.root)),
    defaultRemote: () => defaultRemote(repo.root),
    remotes: () => listRemotes(repo.root),
    refresh: () => sessions.notes.forgetTip(),
    close: () => sessions.close(),
  };
}

function fileWorkspace(cwd: string, env: NodeJS.ProcessEnv, now: () => Date): FileWorkspace {
  const settings = memo(async () => settingsFrom(await readConfig(cwd)));
  return {
    kind: 'file',
    sessions: FileSessionStore.outside(cwd, env, now),
    root: cwd,
    settings,
    gitContext: async () => ({}),
    refresh: () => undefined,
    close: () => undefined,
  };
}
