import { readFileSync } from 'node:fs';

export interface TableMapping {
  table: string;
  identity: { email: string };
  columns: string[];
}

export interface SystemMapping {
  id: string;
  description?: string;
  tables: TableMapping[];
}

const SYSTEM_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const QUALIFIED_TABLE = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;
const COLUMN = /^[a-z_][a-z0-9_]*$/;

/** Loads and checks a mapping file; identifiers are checked because they end up in SQL. */
export function loadSystemMappings(path: string): SystemMapping[] {
  let parsed: { systems?: SystemMapping[] };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`collector mapping ${path}: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const systems = parsed.systems ?? [];
  if (!Array.isArray(systems) || systems.length === 0) problems.push('systems: at least one system is required');
  systems.forEach((system, s) => {
    if (!SYSTEM_ID.test(system.id ?? '')) problems.push(`systems[${s}].id: must be a system id (a-z, 0-9, -)`);
    (system.tables ?? []).forEach((table, t) => {
      const at = `systems[${s}].tables[${t}]`;
      if (!QUALIFIED_TABLE.test(table.table ?? '')) problems.push(`${at}.table: must be schema.table in lower case`);
      if (!COLUMN.test(table.identity?.email ?? '')) problems.push(`${at}.identity.email: must name a column`);
      if (!Array.isArray(table.columns) || table.columns.length === 0 || !table.columns.every((c) => COLUMN.test(c))) {
        problems.push(`${at}.columns: must list column names`);
      }
    });
    if (!system.tables?.length) problems.push(`systems[${s}].tables: at least one table is required`);
  });
  if (problems.length > 0) throw new Error(`collector mapping ${path} is invalid:\n  - ${problems.join('\n  - ')}`);
  return systems;
}
