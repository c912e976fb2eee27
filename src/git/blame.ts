import { runGit } from './run-git';

/** A run of consecutive lines last changed by one commit (null: not committed yet). */
export interface BlameRun {
  from: number;
  to: number;
  commit: string | null;
  subject: string;
  /** Committer time, seconds. */
  time: number;
}

/**
 * `git blame --porcelain` of a file (repository-relative path), optionally of line
 * ranges, as runs of lines per commit. Throws ExternalError (no such file, bad range).
 */
export async function blameRuns(cwd: string, file: string, ranges: [number, number][] = []): Promise<BlameRun[]> {
  const r = await runGit(['blame', '--porcelain', ...ranges.flatMap(([a, b]) => ['-L', `${a},${b}`]), '--', file], { cwd });
  const info = new Map<string, { subject: string; time: number }>();
  const lines: { line: number; commit: string }[] = [];
  let current = '';
  for (const l of r.stdout.toString('utf8').split('\n')) {
    const head = /^([0-9a-f]{40,64}) \d+ (\d+)/.exec(l);
    if (head) {
      current = head[1];
      lines.push({ line: Number(head[2]), commit: current });
      if (!info.has(current)) info.set(current, { subject: '', time: 0 });
    } else if (l.startsWith('summary ')) info.get(current)!.subject = l.slice(8);
    else if (l.startsWith('committer-time ')) info.get(current)!.time = Number(l.slice(15));
  }
  lines.sort((a, b) => a.line - b.line);
  const runs: BlameRun[] = [];
  for (const { line, commit } of lines) {
    const last = runs[runs.length - 1];
    const c = /^0+$/.test(commit) ? null : commit;
    if (last && last.commit === c && last.to === line - 1) last.to = line;
    else runs.push({ from: line, to: line, commit: c, subject: c ? info.get(commit)!.subject : 'not committed yet', time: info.get(commit)!.time });
  }
  return runs;
}

/** The committer time (seconds) of a commit's first parent; undefined for a root commit. */
export async function parentTime(cwd: string, commit: string): Promise<number | undefined> {
  const r = await runGit(['log', '-1', '--format=%ct', `${commit}^`, '--'], { cwd, okCodes: [0, 128] });
  return r.code === 0 ? Number(r.stdout.toString().trim()) : undefined;
}

/** The subject of a commit and the files it changed (against its first parent; all, for a root). */
export async function changedFiles(cwd: string, commit: string): Promise<{ subject: string; files: string[] }> {
  const subject = (await runGit(['log', '-1', '--format=%s', commit, '--'], { cwd })).stdout.toString().trim();
  const files = (await runGit(['diff-tree', '--no-commit-id', '--name-only', '-r', '--root', '-z', commit], { cwd })).stdout.toString().split('\0').filter(Boolean);
  return { subject, files };
}
