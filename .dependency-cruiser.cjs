/**
 * The layer diagram of docs/architecture.md, checked (npm run lint). A layer may import
 * only layers below it; nothing may form a cycle. Type-only imports count too.
 *
 *   cli > server, chat > api > sync > workspace > store, cache > git, agents > formats,
 *   redact, render > model, errors, fs, util, settings
 */
const below = (layers) => `^src/(${layers.join('|')})/`;
const LOW = ['model', 'errors', 'fs', 'util', 'settings'];
const LEAF = [...LOW, 'formats', 'redact', 'render'];

/** `from` may not import any of `to`. */
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'a cycle hides a layer violation', from: {}, to: { circular: true } },
    forbid('only-cli-prints', '^src/(?!cli/)', '^src/cli/', 'src/cli is the top: nothing imports it'),
    forbid('server-and-chat-are-front-ends', '^src/(?!(cli|server|chat)/)', '^src/(server|chat)/', 'only the command line starts the viewer or the chat'),
    forbid('api-is-called-not-calling', below(['sync', 'workspace', 'store', 'cache', 'git', 'agents', ...LEAF]), '^src/api/', 'operations call down, never up'),
    forbid('sync-owns-the-protocol', below(['workspace', 'store', 'cache', 'git', 'agents', ...LEAF]), '^src/sync/', 'the sync protocol is called by api only'),
    forbid('workspace-is-opened-above', below(['store', 'cache', 'git', 'agents', ...LEAF]), '^src/workspace/', 'storage does not know the workspace'),
    forbid('storage-below-workspace', below(['git', 'agents', ...LEAF]), '^src/(store|cache)/', 'git plumbing and formats know nothing of storage'),
    forbid('git-is-plumbing', below(['agents', ...LEAF]), '^src/git/', 'formats and agents never start git'),
    forbid('agents-above-formats', below(LEAF), '^src/agents/', 'the generic format code does not know the agents'),
    forbid('low-layers-stay-low', below(LOW), `^src/(?!(${LOW.join('|')}|formats/json-syntax))`, 'model, errors, fs, util and settings import only each other'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
