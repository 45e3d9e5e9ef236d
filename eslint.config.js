// Lint: TypeScript-aware recommended rules, plus the rule that keeps the physics and
// environment packages pure (no I/O, no clock, no global randomness), as DEVELOPERS.md asks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const PURE_PACKAGES = ['packages/core/src/**/*.ts', 'packages/qec/src/**/*.ts', 'packages/qubit-medic/src/**/*.ts', 'packages/physix/src/**/*.ts'];
const TEST_FILES = ['**/*.test.ts', '**/*.bench.ts', '**/src/testing/**'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-report.json', '.venv-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: PURE_PACKAGES,
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'crypto'], message: 'Pure packages do no I/O: pass data in.' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Pass an explicit seeded Rng.' },
        { object: 'Date', property: 'now', message: 'Pure packages read no clock.' },
        { object: 'performance', property: 'now', message: 'Pure packages read no clock.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Pure packages read no environment.' },
        { name: 'fetch', message: 'Pure packages do no I/O.' },
      ],
    },
  },
);
