// Lint: typescript-eslint's recommended rules everywhere, no import cycles (eslint-plugin-import-x), and Figma's own
// plugin rules (@figma/eslint-plugin-figma-plugins, recommended) for the sandbox, which need type information.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import * as figmaPlugins from '@figma/eslint-plugin-figma-plugins';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import prettierConfig from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '.playground/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        Headers: 'readonly',
        Response: 'readonly',
        DOMException: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        WebAssembly: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    // TypeScript itself reports undefined names (with each world's own globals), so ESLint's
    // scope-based check only produces false alarms on TS files (typescript-eslint FAQ).
    files: ['**/*.{ts,tsx}'],
    rules: {
      'no-undef': 'off',
      // A leading underscore marks a value kept on purpose (a rest sibling, an ignored catch).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Path references are how a world pulls in ambient types without their globals (test/figma-types.d.ts).
      '@typescript-eslint/triple-slash-reference': ['error', { path: 'always', types: 'prefer-import', lib: 'always' }],
    },
  },
  {
    // A module must not import itself through others: a cycle makes the order in which modules run (and so which
    // constants are still undefined) depend on which file is imported first. Type-only imports are erased and are not
    // cycles (https://github.com/un-ts/eslint-plugin-import-x/blob/master/docs/rules/no-cycle.md). Only our own files
    // are followed (ignoreExternal); the resolver is told our extensions, as imports are extensionless (moduleResolution
    // "Bundler"), and `import-x/extensions` lets it read .ts files (it reads .js only by default).
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['plugin/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './plugin/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@figma/figma-plugins': figmaPlugins },
    rules: { ...figmaPlugins.flatConfigs.recommended.rules },
  },
  // Last, so formatting is Prettier's alone: it turns off the stylistic rules that would fight it
  // (https://github.com/prettier/eslint-config-prettier).
  prettierConfig,
);
