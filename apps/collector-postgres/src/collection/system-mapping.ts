import { RETENTION_EVENTS, RetentionEvent } from '@dsar/domain';
import { readFileSync } from 'node:fs';

/** How a table's rows are erased: deleted, or anonymised by overwriting the personal columns. */
export type EraseMapping =
  | { mode: 'delete' }
  /** Column → new value; null clears it; `{key}` in a value is replaced by the row's key (unique columns). */
  | { mode: 'anonymise'; set: Record<string, string | null> };

/**
 * Rows kept despite an erasure, for a register purpose's retention (`then`/`case`: which stage).
 * `when` names a boolean column (a litigation flag…) that must be true for the rule to apply;
 * `dates` gives, per retention event, the column holding its date.
 */
export interface RetainMapping {
  purpose: string;
  then?: number;
  case?: number;
  when?: string;
  dates?: Partial<Record<RetentionEvent, string>>;
}

export interface TableMapping {
  table: string;
  /** The register data category the rows belong to. */
  category: string;
  /** The primary-key column (used to address rows when they are changed). */
  key: string;
  identity: {
    email: string;
    /** Other identifier kinds this table knows (customer-number…) → their column. */
    identifiers?: Record<string, string>;
  };
  /** The columns exported. */
  columns: string[];
  /** False for observed or inferred data, left out of a portability export. Default true. */
  providedBySubject?: boolean;
  erase: EraseMapping;
  retain?: RetainMapping[];
  /** Rectifiable field names → their column. */
  rectify?: Record<string, string>;
  /** A boolean column that marks processing as restricted. */
  restrict?: { column: string };
  /** For objection and consent withdrawal: the purpose the rows serve, and the column stamped with the time. */
  optOut?: { purpose: string; column: string };
}

export interface SystemMapping {
  id: string;
  description?: string;
  tables: TableMapping[];
}

const SYSTEM_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const QUALIFIED_TABLE = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;
const COLUMN = /^[a-z_][a-z0-9_]*$/;
const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const isColumn = (value: unknown): value is string => typeof value === 'string' && COLUMN.test(value);

function checkTable(table: TableMapping, at: string, problems: string[]): void {
  const problem = (field: string, message: string) => problems.push(`${at}.${field}: ${message}`);
  if (!QUALIFIED_TABLE.test(table.table ?? '')) problem('table', 'must be schema.table in lower case');
  if (!ID.test(table.category ?? '')) problem('category', 'must be a register data category id');
  if (!isColumn(table.key)) problem('key', 'must name the primary-key column');
  if (!isColumn(table.identity?.email)) problem('identity.email', 'must name a column');
  for (const [kind, column] of Object.entries(table.identity?.identifiers ?? {})) {
    if (!ID.test(kind) || !isColumn(column)) problem(`identity.identifiers.${kind}`, 'must map an identifier kind to a column');
  }
  if (!Array.isArray(table.columns) || table.columns.length === 0 || !table.columns.every(isColumn))
    problem('columns', 'must list column names');
  if (table.erase?.mode === 'anonymise') {
    const set = table.erase.set ?? {};
    if (Object.keys(set).length === 0 || !Object.keys(set).every(isColumn)) problem('erase.set', 'must map columns to new values');
    if (!Object.values(set).every((v) => v === null || typeof v === 'string')) problem('erase.set', 'values must be strings or null');
  } else if (table.erase?.mode !== 'delete') {
    problem('erase', 'must be { "mode": "delete" } or { "mode": "anonymise", "set": {...} }');
  }
  (table.retain ?? []).forEach((rule, r) => {
    if (!ID.test(rule.purpose ?? '')) problem(`retain[${r}].purpose`, 'must be a register purpose id');
    if (rule.when !== undefined && !isColumn(rule.when)) problem(`retain[${r}].when`, 'must name a boolean column');
    for (const [event, column] of Object.entries(rule.dates ?? {})) {
      if (!(RETENTION_EVENTS as readonly string[]).includes(event) || !isColumn(column)) {
        problem(`retain[${r}].dates.${event}`, 'must map a retention event to a date column');
      }
    }
  });
  for (const [field, column] of Object.entries(table.rectify ?? {})) {
    if (!isColumn(field) || !isColumn(column)) problem(`rectify.${field}`, 'must map a field name to a column');
  }
  if (table.restrict && !isColumn(table.restrict.column)) problem('restrict.column', 'must name a boolean column');
  if (table.optOut && (!ID.test(table.optOut.purpose ?? '') || !isColumn(table.optOut.column))) {
    problem('optOut', 'must give a purpose id and a timestamp column');
  }
}

/** Checks a parsed mapping document; identifiers are checked because they end up in SQL. */
export function parseSystemMappings(parsed: { systems?: SystemMapping[] }, where: string): SystemMapping[] {
  const problems: string[] = [];
  const systems = parsed.systems ?? [];
  if (!Array.isArray(systems) || systems.length === 0) problems.push('systems: at least one system is required');
  systems.forEach((system, s) => {
    if (!SYSTEM_ID.test(system.id ?? '')) problems.push(`systems[${s}].id: must be a system id (a-z, 0-9, -)`);
    if (!system.tables?.length) problems.push(`systems[${s}].tables: at least one table is required`);
    (system.tables ?? []).forEach((table, t) => checkTable(table, `systems[${s}].tables[${t}]`, problems));
  });
  if (problems.length > 0) throw new Error(`collector mapping ${where} is invalid:\n  - ${problems.join('\n  - ')}`);
  return systems;
}

export function loadSystemMappings(path: string): SystemMapping[] {
  let parsed: { systems?: SystemMapping[] };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`collector mapping ${path}: ${(error as Error).message}`);
  }
  return parseSystemMappings(parsed, path);
}
