// Lint holds the dependency lines of design.md: renderer -> shared <- main; main/core never
// imports electron or the shell; shared imports nothing of Node, the DOM libraries or main.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { patterns, paths }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-*/**',
      'drizzle/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
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
        {
          group: ['**/main/**', '../main/*', '../../main/*'],
          message: 'The renderer talks to main only through the contract in shared/.',
        },
        { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node APIs.' },
      ],
      [{ name: 'electron', message: 'The renderer never touches Electron; use the contract client.' }],
    ),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict(
      [
        {
          group: ['**/renderer/**', '**/main/shell/**', '../shell/*'],
          message: 'main/core stays free of the UI and the Electron shell.',
        },
      ],
      [{ name: 'electron', message: 'main/core must run under plain Node: no electron imports.' }],
    ),
  },
  {
    // "queue-owner": sync/queue.ts is the one module that writes the outbox, a record's sync_state
    // or a payment's state (never twice, nothing lost: docs/reliability.md). Elsewhere these are read only.
    files: ['main/**/*.ts'],
    ignores: ['main/core/sync/queue.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(update|insert|delete)$/] > Identifier[name='outbox']",
          message: 'Only main/core/sync/queue.ts writes the outbox: call one of its transitions.',
        },
        {
          selector:
            "CallExpression[callee.property.name='set'][callee.object.arguments.0.name='payments'] > ObjectExpression > Property[key.name='state']",
          message: "Only main/core/sync/queue.ts writes a payment's state: call one of its transitions.",
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(set|values|update|insert)$/] ObjectExpression > Property[key.name='syncState']",
          message: "Only main/core/sync/queue.ts writes a record's sync_state: call one of its transitions.",
        },
        {
          selector:
            'Literal[value=/\\b(UPDATE|INSERT INTO|DELETE FROM)\\s+outbox\\b|\\bSET\\b.*\\bsync_state\\s*=/is], TemplateElement[value.raw=/\\b(UPDATE|INSERT INTO|DELETE FROM)\\s+outbox\\b|\\bSET\\b.*\\bsync_state\\s*=/is]',
          message: 'Only main/core/sync/queue.ts writes the outbox, payments and sync_state, also in raw SQL.',
        },
      ],
    },
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
