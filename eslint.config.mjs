// ESLint: typescript-eslint's recommended rules, plus the one rule the types cannot
// state: only the code that opens a workspace (src/workspace) and the commands that
// choose once where they start (src/cli) look at what kind a workspace or store is.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noKindChecks = {
  selector: "BinaryExpression[operator=/^[!=]==$/][left.property.name='kind'][right.value=/^(git|file)$/]",
  message: 'take a GitWorkspace parameter instead: the workspace kind is decided once, where a command starts (src/cli) or the workspace opens (src/workspace)',
};
const noStoreInstanceof = {
  selector: "BinaryExpression[operator='instanceof'][right.name=/^(Git|File)SessionStore$/]",
  message: 'no runtime checks of the store kind: take a GitWorkspace parameter',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/work/', 'test-artifacts/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-control-regex': 'off', // terminal escapes are matched on purpose
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**', 'src/workspace/**'], rules: { 'no-restricted-syntax': ['error', noKindChecks, noStoreInstanceof] } },
  { files: ['src/cli/**/*.ts'], rules: { 'no-restricted-syntax': ['error', noStoreInstanceof] } },
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' } },
);
