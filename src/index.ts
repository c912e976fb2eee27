/**
 * git-kiro as a library: open a workspace, then call the operations. Every function takes
 * its inputs as arguments, returns data and throws KiroError subclasses; none prints.
 */
export { openWorkspace, requireGit, type OpenOptions } from './workspace/open';
export type { Workspace, GitWorkspace, FileWorkspace } from './workspace/workspace';
export { listSessions } from './api/list-sessions';
export { saveSession, type SaveOptions } from './api/save-session';
export { loadSession, type LoadFormat } from './api/load-session';
export { showSession, type SessionView } from './api/show-session';
export { resumeSession } from './api/resume-session';
export { deleteSession } from './api/delete-session';
export { renameSession } from './api/rename-session';
export { searchSessions, type SearchHit } from './api/search-sessions';
export { resolveSession } from './api/resolve-id';
export { runScript } from './api/run-script';
export type { SessionStore } from './store/session-store';
export type { SessionRecord, SessionSummary, GitContext } from './model/session-record';
export type { Message, ToolCall, ToolResult } from './model/message';
export * from './errors';
