import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `npm run build` writes the compiled services, relative to the repository root. */
export const BUILD_DIR = 'dist';

/**
 * The launcher runs from TypeScript (development, tests) or from the compiled JavaScript in
 * `dist/` (production, `npm run start:distributed`). The repository root holds `config/` and
 * `tools/` in both cases.
 */
const runningBuilt = __filename.endsWith('.js') && __dirname.includes(`/${BUILD_DIR}/apps/`);
export const REPO_ROOT = runningBuilt ? resolve(__dirname, '../../../..') : resolve(__dirname, '../../..');

export type CodeKind = 'built' | 'source';

/** The node arguments that run a service: its compiled main.js, or its main.ts through the transpiler. */
export function serviceEntry(service: string, code: CodeKind): string[] {
  if (code === 'built') {
    const main = join(REPO_ROOT, BUILD_DIR, 'apps', service, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first`);
    return ['--enable-source-maps', main];
  }
  return ['-r', '@swc-node/register', join(REPO_ROOT, 'apps', service, 'src', 'main.ts')];
}

/** What the launcher itself runs as: services are started the same way. */
export const LAUNCHER_CODE: CodeKind = runningBuilt ? 'built' : 'source';
