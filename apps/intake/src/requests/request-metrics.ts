import { TERMINAL_STATUSES } from '@dsar/domain';
import { QueryGauge } from '@dsar/platform';

const ACTIVE = `status NOT IN (${TERMINAL_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** Intake owns each request's lifecycle, so it counts requests by status and the deadlines at risk. */
export const REQUEST_GAUGES: QueryGauge<string>[] = [
  {
    name: 'dsar_requests',
    help: 'Requests by status and controller',
    labelNames: ['status', 'controller'],
    sql: 'SELECT status, controller_id AS controller, count(*) AS value FROM intake.requests GROUP BY 1, 2',
  },
  {
    name: 'dsar_requests_deadline_at_risk',
    help: 'Open requests already overdue, or due within 7 days, by controller',
    labelNames: ['controller', 'horizon'],
    sql: `SELECT controller_id AS controller, CASE WHEN due_at < now() THEN 'overdue' ELSE 'within-7-days' END AS horizon, count(*) AS value
            FROM intake.requests WHERE ${ACTIVE} AND due_at < now() + interval '7 days' GROUP BY 1, 2`,
  },
];
