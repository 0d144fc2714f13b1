// @ts-check
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const libraries = [
  'type:contracts',
  'type:domain',
  'type:messaging',
  'type:persistence',
  'type:storage',
  'type:auth',
  'type:platform',
  'type:profiles',
];

// Who may import whom. Apps never import apps; only the launcher (type:runner) assembles
// them. The domain depends on contracts only and imports no framework. Only tests import
// libs/testing (see the test-file block below).
const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'],
    bannedExternalImports: [
      '@nestjs/*',
      'typeorm',
      'pg',
      'kafkajs',
      'express',
      'class-validator',
      'class-transformer',
      'passport*',
      'pino*',
      'nestjs-pino',
      'rxjs',
    ],
  },
  { sourceTag: 'type:messaging', onlyDependOnLibsWithTags: ['type:messaging', 'type:contracts'] },
  { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ['type:persistence'] },
  { sourceTag: 'type:storage', onlyDependOnLibsWithTags: ['type:storage'] },
  { sourceTag: 'type:profiles', onlyDependOnLibsWithTags: ['type:profiles', 'type:domain', 'type:contracts'] },
  { sourceTag: 'type:auth', onlyDependOnLibsWithTags: ['type:auth'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: libraries },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: libraries },
  { sourceTag: 'type:runner', onlyDependOnLibsWithTags: [...libraries, 'type:app'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:domain'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [...libraries, 'type:app', 'type:runner', 'type:testing'] },
];

const boundaries = (constraints) => ({
  '@nx/enforce-module-boundaries': ['error', { allow: [], enforceBuildableLibDependency: false, depConstraints: constraints }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', '.data/**', '.nx/**', 'tools/**/*.js', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      ...boundaries(depConstraints),
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    // Tests may use the shared harness, and real data sources to test against.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: boundaries(
      depConstraints.map((c) => ({
        ...c,
        onlyDependOnLibsWithTags: [...(c.onlyDependOnLibsWithTags ?? []), 'type:testing', 'type:persistence'],
      })),
    ),
  },
  {
    files: ['tools/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { 'no-console': 'off' },
  },
  prettier,
);
