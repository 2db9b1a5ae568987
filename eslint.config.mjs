// @ts-check
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Connectors may import the source contract and the error codes only: never the server, the store
 *  internals of the gateway, or each other. A connector is replaceable because of this rule. */
const connectorBoundary = (self) => ({
  files: [`connectors/${self}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { regex: '^(\\.\\./)+(?!src/|' + self + '/)[^./][^/]*/', message: 'A connector must not import another connector.' },
        { regex: '^(\\.\\./)+connectors/(?!' + self + '/)', message: 'A connector must not import another connector.' },
        { regex: '^(\\.\\./)+src/(?!sources/|errors$|store/DocumentStore$|sql/SqlClient$|sql/createReclaimer$)', message: 'Connectors may import only src/sources/*, src/errors, and the store/SQL ports.' },
      ],
    }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**', 'public/**', '*.js', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  // One boundary per folder under connectors/ (a kind, or the demo processor): the folders are the list.
  ...readdirSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'connectors'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => connectorBoundary(d.name)),
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'connectors/**/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // GraphQL Code Generator writes `/* eslint-disable */` atop every file, needed or not.
    files: ['examples/codegen/generated/**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    // GraphQL responses are untyped JSON; tests read them as such.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
