import { keptBasis } from '@dsar/domain';
import { loadControllerProfiles } from '@dsar/profiles';
import { join, resolve } from 'node:path';
import { loadSystemMappings } from './system-mapping';

const REPO_ROOT = resolve(__dirname, '../../../..');

describe('the demo systems mapping agrees with the demo controller profile', () => {
  const systems = loadSystemMappings(join(REPO_ROOT, 'apps/collector-postgres/config/demo-systems.json'));
  const demo = loadControllerProfiles(join(REPO_ROOT, 'config/controllers')).profiles.get('demo')!;

  it('declares every demo system in the profile, as a database', () => {
    for (const system of systems) expect(demo.systems.find((s) => s.id === system.id)).toMatchObject({ kind: 'database' });
    expect(systems.map((s) => s.id)).toEqual(expect.arrayContaining(['demo-crm', 'demo-marketing']));
  });

  it('puts every table in a register category that the systems map gives to its system', () => {
    for (const system of systems) {
      for (const table of system.tables) {
        expect({ table: table.table, systems: demo.systemsMap[table.category] }).toEqual({
          table: table.table,
          systems: expect.arrayContaining([system.id]),
        });
      }
    }
  });

  it('keeps rows only for purposes of the register that cover their category', () => {
    for (const table of systems.flatMap((s) => s.tables)) {
      for (const rule of table.retain ?? []) {
        const dates = Object.fromEntries(Object.keys(rule.dates ?? {}).map((event) => [event, '2025-06-30']));
        expect(() => keptBasis(demo.register, table.category, rule, dates)).not.toThrow();
      }
    }
  });

  it('opts out only for purposes of the register', () => {
    const purposes = demo.register.purposes.map((p) => p.id);
    for (const table of systems.flatMap((s) => s.tables)) if (table.optOut) expect(purposes).toContain(table.optOut.purpose);
  });
});
