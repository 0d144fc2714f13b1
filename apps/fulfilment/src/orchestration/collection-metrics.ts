import { QueryGauge } from '@dsar/platform';

/** Where requests wait on the internal systems: collection tasks by system and status. */
export const COLLECTION_GAUGES: QueryGauge<string>[] = [
  {
    name: 'dsar_collection_tasks',
    help: 'Collection tasks by system and status',
    labelNames: ['system', 'status'],
    sql: 'SELECT system_id AS system, status, count(*) AS value FROM fulfilment.collection_tasks GROUP BY 1, 2',
  },
];
