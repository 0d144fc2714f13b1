import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './service-entry';

const json = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8'));

describe('npm run build (SWC)', () => {
  it('resolves every @dsar/* import as TypeScript does, so the compiled services load the same modules', () => {
    const typescriptPaths = Object.entries(json('tsconfig.base.json').compilerOptions.paths as Record<string, string[]>).filter(([alias]) =>
      alias.startsWith('@dsar/'),
    );
    expect(json('.swcrc').jsc.paths).toEqual(Object.fromEntries(typescriptPaths));
  });

  it('compiles decorators as the Nest services need them (legacy decorators with their metadata)', () => {
    expect(json('.swcrc').jsc.transform).toMatchObject({ legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false });
  });
});
