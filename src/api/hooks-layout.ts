import { join } from 'node:path';

/** The git hooks git-kiro installs: always the commit ones, the sync ones on request. */
export const COMMIT_HOOKS = ['post-commit', 'post-rewrite'] as const;
export const SYNC_HOOKS = ['pre-push', 'post-merge', 'post-checkout'] as const;
export const GIT_HOOKS = [...COMMIT_HOOKS, ...SYNC_HOOKS] as const;
export type GitHookName = (typeof GIT_HOOKS)[number];

/** Hooks git feeds on stdin (kept in a file so the chained hook and ours both read it). */
const STDIN_HOOKS: readonly string[] = ['post-rewrite', 'pre-push'];

/** Marks a hook file as ours; anything else in its place is the user's. */
export const HOOK_MARKER = '# git-kiro hook';
/** Where a user's own hook waits while ours runs it first. */
export const CHAINED_SUFFIX = '.kiro-chained';

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A hook that runs the user's chained hook first (its exit status is the hook's: a
 * user's pre-push may still block a push), then git-kiro, whose failures never reach git. stdin is kept in a file when the hook gets
 * one (post-rewrite), so both can read it.
 */
export function hookScript(name: GitHookName, node: string, bundle: string): string {
  const stdin = STDIN_HOOKS.includes(name);
  return `#!/bin/sh
${HOOK_MARKER}: ${name}. Installed by \`git kiro hooks install\`; \`git kiro hooks uninstall\`
# removes it and puts back the hook that was here (kept as ${name}${CHAINED_SUFFIX}).
hook_dir=$(dirname "$0")
status=0
${stdin ? 'input=$(mktemp "${TMPDIR:-/tmp}/git-kiro-hook.XXXXXX") || exit 0\ncat > "$input"\n' : 'input=/dev/null\n'}if [ -x "$hook_dir/${name}${CHAINED_SUFFIX}" ]; then
  "$hook_dir/${name}${CHAINED_SUFFIX}" "$@" < "$input" || status=$?
fi
${name === 'post-commit' ? `# No active session in this worktree and not a cherry-pick: nothing to attach, so
# no Node start (a few ms instead of ~100 on every commit).
if [ ! -f "$(git rev-parse --git-dir 2>/dev/null)/kiro-active.json" ]; then
  case "$(git log -g -1 --format=%gs HEAD 2>/dev/null)" in cherry-pick*) ;; *) exit $status ;; esac
fi
` : ''}if [ -f ${sq(bundle)} ]; then
  ${sq(node)} ${sq(bundle)} hook ${name} "$@" < "$input" || true
elif command -v git-kiro >/dev/null 2>&1; then
  git-kiro hook ${name} "$@" < "$input" || true
else
  echo "git-kiro: not found; this hook does nothing (remove it: $0)" >&2
fi
${stdin ? 'rm -f "$input"\n' : ''}exit $status
`;
}

/** Where git-kiro keeps what the installer changed, to undo exactly that. */
export const installStatePath = (commonDir: string) => join(commonDir, 'kiro-hooks.json');

export interface InstallState {
  version: 1;
  hooksDir: string;
  /** Hooks we wrote; `chained` when a user's hook was moved aside. */
  hooks: { name: GitHookName; chained: boolean }[];
  /** Config we changed, with the values before (null: unset). */
  config: { rewriteRefAdded: boolean; rewriteModeBefore: string | null };
}
