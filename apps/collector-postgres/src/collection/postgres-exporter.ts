import { Pool } from 'pg';
import { SystemMapping } from './system-mapping';

/** Reads one subject's rows from a system's tables, as the mapping describes them. */
export class PostgresExporter {
  constructor(private readonly source: Pool) {}

  async *exportDocument(system: SystemMapping, email: string, counter: { records: number }): AsyncGenerator<string> {
    yield `{"systemId":${JSON.stringify(system.id)},"tables":{`;
    let firstTable = true;
    for (const mapping of system.tables) {
      const columns = mapping.columns.map((c) => `"${c}"`).join(', ');
      const [schema, table] = mapping.table.split('.');
      const { rows } = await this.source.query(
        `SELECT ${columns} FROM "${schema}"."${table}" WHERE lower("${mapping.identity.email}") = lower($1) ORDER BY 1`,
        [email],
      );
      counter.records += rows.length;
      yield `${firstTable ? '' : ','}${JSON.stringify(mapping.table)}:${JSON.stringify(rows)}`;
      firstTable = false;
    }
    yield '}}';
  }
}
