// Lint holds the dependency lines of design.md: renderer -> shared <- main; main/core never
// imports electron or the shell; shared imports nothing of Node, the DOM libraries or main.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { patterns, paths }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-*/**', 'drizzle/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The rules of hooks, and the React Compiler's checks that come with them, for the UI.
  { files: ['renderer/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [
        { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer talks to main only through the contract in shared/.' },
        { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node APIs.' },
      ],
      [{ name: 'electron', message: 'The renderer never touches Electron; use the contract client.' }],
    ),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict(
      [{ group: ['**/renderer/**', '**/main/shell/**', '../shell/*'], message: 'main/core stays free of the UI and the Electron shell.' }],
      [{ name: 'electron', message: 'main/core must run under plain Node: no electron imports.' }],
    ),
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [
        { group: ['**/main/**', '**/renderer/**'], message: 'shared/ is common ground: it imports neither side.' },
        { group: ['node:*'], message: 'shared/ has no Node APIs (it runs in the renderer too).' },
      ],
      [{ name: 'electron', message: 'shared/ has no Electron.' }],
    ),
  },
);
