import { homedir } from 'node:os';
import type { SessionStore } from '../store/session-store';
import { findAgentSessions, type Agent } from './agent-sources';
import { gitOnly } from './git-only';
import { importFiles, type ImportItem, type ImportOptions } from './import-sessions';

/**
 * `import --from <agent>`: every session that agent keeps on this machine for this
 * worktree or any directory inside it, each stored under its own directory's scope.
 * Sessions of other repositories are not touched. `home` points at another home
 * directory (tests use a fake one).
 */
export async function importFromAgent(store: SessionStore, agent: Agent, opts: ImportOptions & { home?: string }): Promise<ImportItem[]> {
  const git = gitOnly(store, 'import --from');
  const found = await findAgentSessions(agent, opts.home ?? homedir(), git.repo.root);
  return importFiles(store, found, opts);
}
