import { runGit } from './run-git';

/**
 * The git config this tool reads, in one process per command instead of one per key:
 * kiro.*, remote URLs, and what writing objects in-process depends on (identity,
 * compression, shared repositories, extensions: ObjectDb). Keys are lower-cased as git
 * reports them; a repeated key keeps every value in order. Outside a repository git
 * reads the global and system files.
 */
export async function readConfig(cwd: string): Promise<Map<string, string[]>> {
  const keys = '^(kiro\\.|remote\\..*\\.(url|promisor|partialclonefilter|skipfetchall)$|(user|author|committer)\\.(name|email)$|core\\.(sharedrepository|compression|loosecompression)$|extensions\\.|i18n\\.commitencoding$)';
  const r = await runGit(['config', '--get-regexp', keys], { cwd, okCodes: [0, 1] });
  const out = new Map<string, string[]>();
  for (const line of r.stdout.toString().split('\n').filter(Boolean)) {
    const sp = line.indexOf(' ');
    const key = (sp < 0 ? line : line.slice(0, sp)).toLowerCase();
    out.set(key, [...(out.get(key) ?? []), sp < 0 ? '' : line.slice(sp + 1)]);
  }
  return out;
}

/** Every value of one key in the repository's config (empty when unset). */
export async function configValues(cwd: string, key: string): Promise<string[]> {
  const out = (await runGit(['config', '--get-all', key], { cwd, okCodes: [0, 1] })).stdout.toString();
  return out.split('\n').filter(Boolean);
}

/** Sets a key in the repository's config (replacing it) or, with `add`, adds a value. */
export async function setConfig(cwd: string, key: string, value: string, opts: { add?: boolean } = {}): Promise<void> {
  await runGit(['config', ...(opts.add ? ['--add'] : []), key, value], { cwd });
}

/** Removes a key (or, with `valuePattern`, the values matching it); absent is fine. */
export async function unsetConfig(cwd: string, key: string, valuePattern?: string): Promise<void> {
  await runGit(['config', '--unset', key, ...(valuePattern ? [valuePattern] : [])], { cwd, okCodes: [0, 5] });
}
