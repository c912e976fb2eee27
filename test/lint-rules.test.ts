import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tmp } from './helpers/repo';

// The layer rules of docs/architecture.md are checked by `npm run lint`. These tests
// prove the checks bite: a tree that breaks a rule must fail them, naming the rule.

function tree(files: Record<string, string>): string {
  const dir = tmp('kiro-lint-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  copyFileSync(join(ROOT, 'tsconfig.build.json'), join(dir, 'tsconfig.build.json'));
  return dir;
}

const depcruise = (dir: string) =>
  spawnSync(process.execPath, [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(ROOT, '.dependency-cruiser.cjs')], { cwd: dir, encoding: 'utf8' });
const eslint = (dir: string) => spawnSync(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--config', join(ROOT, 'eslint.config.mjs'), 'src'], { cwd: dir, encoding: 'utf8' });

test('the dependency rules reject an api file that imports src/cli, and any cycle', () => {
  const dir = tree({
    'src/cli/print.ts': 'export const print = (s: string) => s;\n',
    'src/api/op.ts': "import { print } from '../cli/print';\nexport const op = () => print('x');\n",
    'src/store/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
    'src/store/b.ts': "import { a } from './a';\nexport const b = (): number => (Math.random() > 2 ? a() : 0);\n",
  });
  const r = depcruise(dir);
  expect(r.status).not.toBe(0);
  expect(r.stdout).toMatch(/only-cli-prints: src\/api\/op\.ts → src\/cli\/print\.ts/);
  expect(r.stdout).toMatch(/no-circular: src\/store\/a\.ts →/);
});

test('the dependency rules accept a tree that keeps the layers', () => {
  const dir = tree({
    'src/cli/main.ts': "import { op } from '../api/op';\nop();\n",
    'src/api/op.ts': "import { a } from '../store/a';\nexport const op = () => a();\n",
    'src/store/a.ts': 'export const a = (): number => 1;\n',
  });
  const r = depcruise(dir);
  expect(r.stdout).toContain('no dependency violations found');
  expect(r.status).toBe(0);
});

test('ESLint refuses a runtime check of the workspace kind outside src/cli and src/workspace', () => {
  const check = "export const f = (ws: { kind: string }) => (ws.kind === 'git' ? 1 : 0);\n";
  const dir = tree({ 'src/api/op.ts': check, 'src/cli/cmd.ts': check, 'src/workspace/open.ts': check });
  const r = eslint(dir);
  expect(r.status).not.toBe(0);
  expect(r.stdout).toContain('src/api/op.ts');
  expect(r.stdout).toContain('take a GitWorkspace parameter instead');
  expect(r.stdout).not.toContain('src/cli/cmd.ts');
  expect(r.stdout).not.toContain('src/workspace/open.ts');
});
