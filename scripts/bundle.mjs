// One bundled file for the command: Node resolves and reads one file instead of
// hundreds, which measured ~10 ms per package at start-up (docs/architecture.md).
// The library (dist/lib, from tsc) stays unbundled for other tools to import.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/git-kiro-main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  // sql.js loads its .wasm file from beside itself: it stays in node_modules, required
  // only by `import --from kiro`. markdown-it and highlight.js (about 1 MB) are required
  // only by the HTML pages; bundled, every command would parse them at start-up.
  external: ['sql.js', 'markdown-it', 'highlight.js'],
});
// The command is a small launcher that runs the bundle through V8's code cache
// (scripts/launcher.cjs): compiling the bundle was a fifth of a command's cost.
copyFileSync('scripts/launcher.cjs', 'dist/git-kiro.js');
rmSync('dist/git-kiro.js.map', { force: true }); // the bundle's map before the launcher existed
chmodSync('dist/git-kiro.js', 0o755);

// `git kiro --help` is turned by git into `git help kiro`, which opens the man page
// git-kiro(1): generate it from the command's own help so the two never disagree.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
const help = execFileSync(process.execPath, ['dist/git-kiro.js', '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '78' } });
// That run wrote this machine's code cache beside the bundle: it is no part of the package.
rmSync('dist/git-kiro-main.js.cache', { force: true });
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const roff = (s) => s.replace(/\\/g, '\\e').replace(/^([.'])/gm, '\\&$1');
mkdirSync('dist/man', { recursive: true });
writeFileSync(
  'dist/man/git-kiro.1',
  `.TH GIT-KIRO 1 "" "git-kiro ${version}" "Git Manual"\n.SH NAME\ngit-kiro \\- AI coding-agent chat sessions kept in git notes\n.SH SYNOPSIS\n.nf\n${roff(help)}\n.fi\n.SH SEE ALSO\nREADME.md of the git-kiro package; git-notes(1)\n`,
);
