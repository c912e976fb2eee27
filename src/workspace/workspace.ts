import type { SessionCache } from '../cache/session-cache';
import type { RepoInfo } from '../git/repo';
import type { GitContext } from '../model/session-record';
import type { Settings } from '../settings/settings';
import type { Attachments } from '../store/attachments';
import type { FileSessionStore } from '../store/file-session-store';
import type { GitSessionStore } from '../store/git-session-store';
import type { NotesStore } from '../store/notes-store';
import type { SessionStore } from '../store/session-store';

/** What every workspace can do: keep sessions, read settings, say where the work stands. */
interface WorkspaceBase {
  readonly sessions: SessionStore;
  /** The directory paths are taken from: the worktree root, or the current directory outside git. */
  readonly root: string;
  /** The `kiro.*` settings (git config; outside a repository, the global config). */
  settings(): Promise<Settings>;
  /** Remote, branch and HEAD for a save, and with `snapshot` the uncommitted diff. Empty outside git. */
  gitContext(snapshot: boolean): Promise<{ context?: GitContext; diff?: Buffer }>;
  /** Forget what this process read of the store (a long-running server, before each request). */
  refresh(): void;
  close(): void;
}

/** Outside any repository: the file store. Nothing that needs commits or remotes. */
export interface FileWorkspace extends WorkspaceBase {
  readonly kind: 'file';
  readonly sessions: FileSessionStore;
}

/**
 * Inside a worktree: sessions in refs/notes/kiro, and everything git adds. Operations
 * that need git take this type, so the compiler refuses to call them with a file
 * workspace; the choice is made once, where a command starts (src/workspace/open.ts).
 */
export interface GitWorkspace extends WorkspaceBase {
  readonly kind: 'git';
  readonly sessions: GitSessionStore;
  readonly repo: RepoInfo;
  readonly notes: NotesStore;
  readonly cache: SessionCache;
  readonly attachments: Attachments;
  /** The git config this tool reads (kiro.* and remote URLs), one process per command. */
  config(): Promise<Map<string, string[]>>;
  /** git's author identity, as a commit would record it. */
  author(): Promise<{ name: string; email: string }>;
  /** The hooks directory git really uses. */
  hooksDir(): Promise<string>;
  /** The remote a sync means when it names none; throws NotFoundError when none fits. */
  defaultRemote(): Promise<string>;
  /** The names of the configured remotes. */
  remotes(): Promise<string[]>;
}

export type Workspace = FileWorkspace | GitWorkspace;
