/** Claude Code's folder name for a directory: every non-alphanumeric character as '-'. */
export const claudeProjectName = (dir: string) => dir.replace(/[^a-zA-Z0-9]/g, '-');
