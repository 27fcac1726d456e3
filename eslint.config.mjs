// Lint with type information, and enforce the layer boundaries from docs/design.md:
// core is pure, adapters and the helper never see vscode, only src/extension imports vscode.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeIo = [
  'fs',
  'fs/promises',
  'net',
  'child_process',
  'os',
  'http',
  'https',
  'worker_threads',
  'dgram',
];
const nodeIoPatterns = nodeIo.flatMap((m) => [m, `node:${m}`]);

const layer = (files, paths, patterns) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: paths.map((name) => ({ name, message: 'This layer may not import it (see docs/design.md).' })),
        patterns: patterns.map((group) => ({
          group: [group],
          message: 'This layer may not import it (see docs/design.md).',
        })),
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.vscode-test/',
      'test-artifacts/',
      'test/fixtures/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  layer(
    ['src/core/**/*.ts'],
    ['vscode', ...nodeIoPatterns],
    ['**/adapters/**', '**/extension/**', '**/helper/**', '**/cli/**', '**/webview/**'],
  ),
  layer(
    ['src/adapters/**/*.ts'],
    ['vscode'],
    ['**/extension/**', '**/helper/**', '**/cli/**', '**/webview/**'],
  ),
  layer(['src/helper/**/*.ts'], ['vscode'], ['**/extension/**', '**/cli/**', '**/webview/**']),
  layer(['src/cli/**/*.ts'], ['vscode'], ['**/extension/**', '**/helper/**', '**/webview/**']),
  layer(
    ['src/webview/**/*.ts'],
    ['vscode', ...nodeIoPatterns],
    ['**/adapters/**', '**/extension/**', '**/helper/**', '**/cli/**'],
  ),
  {
    // The command line and test runners print to the terminal by design.
    files: ['src/cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'src/helper/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
