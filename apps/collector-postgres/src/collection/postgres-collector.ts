import {
  CategoryOutcome,
  CollectionTask,
  Collector,
  CollectorError,
  ExportRecord,
  IdentifierMatchQuery,
  KeptRecords,
  inTaskCategories,
  OperationContext,
  systemMapping,
} from '@dsar/collector-sdk';
import { keptBasis, ProcessingRegister, RetentionEventDates } from '@dsar/domain';
import { Pool, PoolClient } from 'pg';
import { CategoryOutcomes } from './category-outcomes';
import { SystemMapping, TableMapping } from './system-mapping';

/** Rows fetched per round trip while exporting: memory stays flat whatever the subject's volume. */
const FETCH_SIZE = 500;
const LEDGER_TABLE = 'applied_tasks';

const quote = (identifier: string) => `"${identifier}"`;
const qualified = (table: string) => table.split('.').map(quote).join('.');
const emailMatches = (mapping: TableMapping, parameter = '$1') => `lower(${quote(mapping.identity.email)}) = lower(${parameter})`;

/** Returns the register of a controller's profile, for the retention rules of what is kept. */
export type RegisterLookup = (controllerId: string | undefined) => ProcessingRegister | undefined;

/**
 * The reference collector for SQL systems: each system is described by a mapping file (tables,
 * identity columns, export columns, how to erase, what the law keeps). Every action on a task
 * runs in ONE transaction of the system's database, together with a ledger row for the task
 * id, so a task redone after a crash returns its first result instead of acting twice.
 */
export class PostgresCollector implements Collector {
  readonly systems: string[];
  private ready?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly mappings: SystemMapping[],
    private readonly registers: RegisterLookup,
    private readonly ledgerSchema = 'dsar_collector',
  ) {
    this.systems = mappings.map((m) => m.id);
  }

  /** Creates the task ledger in the system's database, once, before the first change. */
  prepare(): Promise<void> {
    this.ready ??= this.createLedger().catch((error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async createLedger(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${quote(this.ledgerSchema)};
      CREATE TABLE IF NOT EXISTS ${quote(this.ledgerSchema)}.${LEDGER_TABLE} (
        task_id uuid PRIMARY KEY, system_id text NOT NULL, action text NOT NULL, result jsonb,
        applied_at timestamptz NOT NULL DEFAULT now())`);
  }

  async match(query: IdentifierMatchQuery): Promise<boolean> {
    const tables = this.system(query.systemId).tables;
    let known = false;
    for (const mapping of tables) {
      const { rows } = await this.pool.query(`SELECT 1 FROM ${qualified(mapping.table)} WHERE ${emailMatches(mapping)} LIMIT 1`, [
        query.identities.email,
      ]);
      known ||= rows.length > 0;
    }
    if (!known) return false;
    for (const [kind, value] of Object.entries(query.identifiers)) {
      const knowing = tables.filter((t) => t.identity.identifiers?.[kind]);
      if (knowing.length === 0) continue; // an identifier this system does not hold neither confirms nor refutes
      let matched = false;
      for (const mapping of knowing) {
        const column = quote(mapping.identity.identifiers![kind]);
        const { rows } = await this.pool.query(
          `SELECT 1 FROM ${qualified(mapping.table)} WHERE ${emailMatches(mapping)} AND trim(${column}::text) = trim($2) LIMIT 1`,
          [query.identities.email, value],
        );
        matched ||= rows.length > 0;
      }
      if (!matched) return false;
    }
    return true;
  }

  async *export(task: CollectionTask, context: OperationContext): AsyncGenerator<ExportRecord> {
    const tables = this.tablesInScope(task).filter((t) => task.exportScope !== 'provided-by-subject' || t.providedBySubject !== false);
    const client = await this.pool.connect();
    let healthy = false;
    try {
      // One consistent snapshot of every table, read through cursors a batch at a time.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const [index, mapping] of tables.entries()) {
        const cursor = `dsar_export_${index}`;
        await client.query(
          `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${mapping.columns.map(quote).join(', ')} FROM ${qualified(mapping.table)}
           WHERE ${emailMatches(mapping)} ORDER BY ${quote(mapping.key)}`,
          [task.identities.email],
        );
        for (;;) {
          context.signal.throwIfAborted();
          const { rows } = await client.query(`FETCH ${FETCH_SIZE} FROM ${cursor}`);
          for (const record of rows) yield { category: mapping.category, source: mapping.table, record };
          if (rows.length < FETCH_SIZE) break;
        }
        await client.query(`CLOSE ${cursor}`);
      }
      await client.query('COMMIT');
      healthy = true;
    } finally {
      // An export abandoned half-way (timeout, consumer gone) ends its transaction with the connection.
      client.release(!healthy);
    }
  }

  erase(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.applyOnce(task, context, async (client) => {
      const outcomes = new CategoryOutcomes();
      // Children are listed after their parents in a mapping: erase them first.
      for (const mapping of [...this.tablesInScope(task)].reverse()) {
        const { erase, kept } = await this.splitKept(client, mapping, task, context);
        let changed = 0;
        if (erase.length > 0 && mapping.erase.mode === 'delete') {
          changed =
            (await client.query(`DELETE FROM ${qualified(mapping.table)} WHERE ${quote(mapping.key)} = ANY($1)`, [erase])).rowCount ?? 0;
        } else if (erase.length > 0 && mapping.erase.mode === 'anonymise') {
          const { assignments, values } = anonymisation(mapping.erase.set, mapping.key, 2);
          changed =
            (
              await client.query(`UPDATE ${qualified(mapping.table)} SET ${assignments} WHERE ${quote(mapping.key)} = ANY($1)`, [
                erase,
                ...values,
              ])
            ).rowCount ?? 0;
        }
        const counter = mapping.erase.mode === 'delete' ? 'erased' : 'anonymised';
        outcomes.add(mapping.category, { records: erase.length + kept.reduce((n, k) => n + k.records, 0), [counter]: changed }, kept);
      }
      return outcomes.list();
    });
  }

  rectify(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    const rectifications = task.rectifications ?? [];
    if (rectifications.length === 0) throw new CollectorError('a rectify task needs rectifications', false);
    return this.applyOnce(task, context, async (client) => {
      const outcomes = new CategoryOutcomes();
      for (const mapping of this.tablesInScope(task)) {
        const applicable = rectifications.filter((r) => mapping.rectify?.[r.field]);
        if (applicable.length === 0) continue;
        // Identity columns may be rectified too: every change in one statement, matched on the old value.
        const assignments = applicable.map((r, i) => `${quote(mapping.rectify![r.field])} = $${i + 2}`).join(', ');
        const result = await client.query(`UPDATE ${qualified(mapping.table)} SET ${assignments} WHERE ${emailMatches(mapping)}`, [
          task.identities.email,
          ...applicable.map((r) => r.value),
        ]);
        outcomes.add(mapping.category, { records: result.rowCount ?? 0, rectified: result.rowCount ?? 0 });
      }
      return outcomes.list();
    });
  }

  restrict(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.setRestriction(task, context, true);
  }

  resume(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.setRestriction(task, context, false);
  }

  object(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.optOut(task, context);
  }

  withdrawConsent(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.optOut(task, context);
  }

  private setRestriction(task: CollectionTask, context: OperationContext, restricted: boolean): Promise<CategoryOutcome[]> {
    return this.applyOnce(task, context, async (client) => {
      const outcomes = new CategoryOutcomes();
      for (const mapping of this.tablesInScope(task)) {
        if (!mapping.restrict) continue;
        const result = await client.query(
          `UPDATE ${qualified(mapping.table)} SET ${quote(mapping.restrict.column)} = $2 WHERE ${emailMatches(mapping)}`,
          [task.identities.email, restricted],
        );
        const rows = result.rowCount ?? 0;
        outcomes.add(mapping.category, restricted ? { records: rows, restricted: rows } : { records: rows });
      }
      return outcomes.list();
    });
  }

  /** Objection and consent withdrawal: processing for the purposes concerned stops from now on. */
  private optOut(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]> {
    return this.applyOnce(task, context, async (client) => {
      const outcomes = new CategoryOutcomes();
      for (const mapping of this.tablesInScope(task)) {
        const optOut = mapping.optOut;
        if (!optOut || (task.purposes && !task.purposes.includes(optOut.purpose))) continue;
        const result = await client.query(
          `UPDATE ${qualified(mapping.table)} SET ${quote(optOut.column)} = coalesce(${quote(optOut.column)}, now()) WHERE ${emailMatches(mapping)}`,
          [task.identities.email],
        );
        const rows = result.rowCount ?? 0;
        outcomes.add(mapping.category, { records: rows, restricted: rows });
      }
      return outcomes.list();
    });
  }

  /**
   * The subject's rows of a table, split into those to erase and those the law keeps (with basis
   * and date). An event date the row lacks is today's: the erasure itself closes the account.
   */
  private async splitKept(
    client: PoolClient,
    mapping: TableMapping,
    task: CollectionTask,
    context: OperationContext,
  ): Promise<{ erase: unknown[]; kept: KeptRecords[] }> {
    const rules = mapping.retain ?? [];
    const extra = rules.flatMap((rule, r) => [
      ...(rule.when ? [`coalesce(${quote(rule.when)}, false) AS "when_${r}"`] : []),
      ...Object.entries(rule.dates ?? {}).map(
        ([event, column]) => `to_char(coalesce(${quote(column!)}::date, current_date), 'YYYY-MM-DD') AS "date_${r}_${event}"`,
      ),
    ]);
    const { rows } = await client.query(
      `SELECT ${[`${quote(mapping.key)} AS key`, ...extra].join(', ')} FROM ${qualified(mapping.table)} WHERE ${emailMatches(mapping)} FOR UPDATE`,
      [task.identities.email],
    );
    if (rules.length === 0) return { erase: rows.map((r) => r.key), kept: [] };
    const register = this.registers(context.controllerId);
    if (!register) throw new CollectorError('no controller profile register to apply the retention rules with', false);
    const erase: unknown[] = [];
    const kept: KeptRecords[] = [];
    for (const row of rows) {
      const index = rules.findIndex((rule, r) => !rule.when || row[`when_${r}`] === true);
      if (index < 0) {
        erase.push(row.key);
        continue;
      }
      const rule = rules[index];
      const dates: RetentionEventDates = {};
      for (const event of Object.keys(rule.dates ?? {}) as Array<keyof RetentionEventDates>) {
        const value = row[`date_${index}_${event}`];
        if (value) dates[event] = value;
      }
      let basis;
      try {
        basis = keptBasis(register, mapping.category, { purpose: rule.purpose, then: rule.then, case: rule.case }, dates);
      } catch (error) {
        throw new CollectorError(`retention rule for ${mapping.table}: ${(error as Error).message}`, false);
      }
      const same = kept.find((k) => k.basis === basis.basis && k.reason === basis.reason && k.until === basis.until);
      if (same) same.records++;
      else kept.push({ records: 1, ...basis });
    }
    return { erase, kept };
  }

  /**
   * Runs a change in one transaction with the task's ledger row. If the ledger already has the
   * task (its first run committed here but its result was never published), returns that result.
   */
  private async applyOnce(
    task: CollectionTask,
    context: OperationContext,
    work: (client: PoolClient) => Promise<CategoryOutcome[]>,
  ): Promise<CategoryOutcome[]> {
    await this.prepare();
    const client = await this.pool.connect();
    let healthy = false;
    try {
      await client.query('BEGIN');
      const ledger = `${quote(this.ledgerSchema)}.${LEDGER_TABLE}`;
      const claimed = await client.query(
        `INSERT INTO ${ledger} (task_id, system_id, action) VALUES ($1, $2, $3) ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
        [task.taskId, task.systemId, task.action],
      );
      let outcomes: CategoryOutcome[];
      if (claimed.rowCount === 0) {
        outcomes = (await client.query(`SELECT result FROM ${ledger} WHERE task_id = $1`, [task.taskId])).rows[0].result;
      } else {
        outcomes = await work(client);
        await client.query(`UPDATE ${ledger} SET result = $2 WHERE task_id = $1`, [task.taskId, JSON.stringify(outcomes)]);
      }
      context.signal.throwIfAborted(); // abandoned by the SDK: never commit behind its back
      await client.query('COMMIT');
      healthy = true;
      return outcomes;
    } catch (error) {
      await client.query('ROLLBACK').then(
        () => (healthy = true),
        () => undefined,
      );
      throw error;
    } finally {
      client.release(!healthy);
    }
  }

  private system(systemId: string): SystemMapping {
    return systemMapping(this.mappings, systemId);
  }

  private tablesInScope(task: CollectionTask): TableMapping[] {
    return inTaskCategories(task, this.system(task.systemId).tables);
  }
}

/** `SET a = $2, b = NULL, c = $3 || key::text || $4`: values are parameters, `{key}` the row's key. */
function anonymisation(set: Record<string, string | null>, key: string, firstParameter: number): { assignments: string; values: string[] } {
  const values: string[] = [];
  const parameter = (value: string) => {
    values.push(value);
    return `$${firstParameter + values.length - 1}`;
  };
  const assignments = Object.entries(set)
    .map(([column, value]) => {
      if (value === null) return `${quote(column)} = NULL`;
      const parts = value.split('{key}');
      const expression = parts.map((part) => parameter(part)).join(` || ${quote(key)}::text || `);
      return `${quote(column)} = ${expression}`;
    })
    .join(', ');
  return { assignments, values };
}
