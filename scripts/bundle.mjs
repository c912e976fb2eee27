// One bundled file for the command: Node resolves and reads one file instead of
// hundreds, which measured ~10 ms per package at start-up (docs/architecture.md).
// The library (dist/lib, from tsc) stays unbundled for other tools to import.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/git-kiro.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: 'linked',
  logLevel: 'warning',
});
chmodSync('dist/git-kiro.js', 0o755);
