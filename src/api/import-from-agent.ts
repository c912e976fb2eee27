import { homedir } from 'node:os';
import { agentWith } from '../agents/registry';
import type { GitWorkspace } from '../workspace/workspace';
import { importFiles, type ImportItem, type ImportOptions } from './import-sessions';

/**
 * `import --from <agent>`: every session that agent keeps on this machine for this
 * worktree or any directory inside it, each stored under its own directory's scope.
 * Sessions of other repositories are not touched. `home` points at another home
 * directory (tests use a fake one).
 */
export async function importFromAgent(git: GitWorkspace, agent: string, opts: ImportOptions & { home?: string }): Promise<ImportItem[]> {
  const found = await agentWith(agent, 'sessions').sessions(opts.home ?? homedir(), git.repo.root);
  return importFiles(git, found, opts);
}
