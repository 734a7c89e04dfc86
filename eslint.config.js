// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'worker_threads',
  'stream',
  'zlib',
]

/** Imports a folder may not make: the folder says the runtime. */
const forbid = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
      '.prof/**',
      'native/build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['bin/**/*.js', 'scripts/**/*.{js,mjs}', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: forbid(
      [
        ...nodeBuiltins,
        'electron',
        '@tensorflow/*',
        'better-sqlite3',
        'sharp',
        'react',
        'react-dom',
        '@xyflow/*',
        '**/main/**',
        '**/renderer/**',
        '**/preload/**',
      ],
      'src/shared is pure TypeScript: no Node, DOM, Electron, tfjs or UI imports.',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(
        [
          ...nodeBuiltins,
          'electron',
          '@tensorflow/*',
          'better-sqlite3',
          'sharp',
          '**/main/**',
          '**/preload/**',
        ],
        'The renderer never touches Node: talk to the API client instead.',
      ),
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: forbid(
      ['electron', 'react', 'react-dom', '**/renderer/**'],
      'Core services run without Electron; only src/main/index.ts and src/main/electron/ may import it.',
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: forbid(
      [...nodeBuiltins, '@tensorflow/*', 'better-sqlite3', '**/main/**', '**/renderer/**'],
      'The preload only bridges the typed API.',
    ),
  },
  prettier,
)
