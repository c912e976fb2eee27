// Shared by the hook executables: run git-kiro in this process (the bundle beside
// this folder), or the `git-kiro` on PATH when the hook was copied elsewhere.
const { existsSync, realpathSync } = require('node:fs');
const { join, dirname } = require('node:path');

module.exports = function runGitKiro(hookFile, args) {
  const bundle = join(dirname(realpathSync(hookFile)), '..', 'dist', 'git-kiro.js');
  if (existsSync(bundle)) {
    require(bundle).main(args).then((code) => (process.exitCode = code));
  } else {
    const r = require('node:child_process').spawnSync('git-kiro', args, { stdio: 'inherit' });
    process.exitCode = r.status ?? 1;
  }
};
