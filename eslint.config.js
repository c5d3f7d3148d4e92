// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Process boundaries are folders, and these rules keep them:
 * - renderer/ is browser-only: no node:*, no electron, no server/db code (types only).
 * - server/ and db/ never import electron or the renderer.
 * - electron/ never imports the renderer, nor db/ (it talks to the server over HTTP).
 * - migrations never import app code (they must stay as they were when released).
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'net',
  'url',
  'util',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The renderer runs in a browser sandbox: no Node modules.',
            },
            {
              group: ['electron'],
              message: 'The renderer never touches Electron; use the preload bridge.',
            },
            { group: ['**/db/**'], message: 'The renderer reaches data only through tRPC.' },
            {
              group: ['**/server/**', '!**/server/router.ts'],
              message: 'The renderer may only import the AppRouter type from server/router.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron'], message: 'The server is plain Node: it also runs in web mode.' },
            { group: ['**/renderer/**'], message: 'The server never imports UI code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', 'kysely', 'better-sqlite3', 'fastify', '@trpc/*'],
              allowTypeImports: true,
              message: 'Domain rules are pure: no I/O (type imports are fine).',
            },
            { group: ['electron', '**/renderer/**'], message: 'Domain rules are pure.' },
          ],
        },
      ],
    },
  },
  {
    files: ['db/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['../*', '../../*'], message: 'Migrations never import app code.' }],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'Main/preload never import UI code.' },
            {
              group: ['**/db/**'],
              message: 'Electron talks to the server over HTTP, not to the database.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
