import { escapedDirName } from '../files';

/** Claude Code's folder name for a directory: every non-alphanumeric character as '-'. */
export const claudeProjectName = escapedDirName;
