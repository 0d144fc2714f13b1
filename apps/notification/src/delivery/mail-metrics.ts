import { QueryGauge } from '@dsar/platform';

/** The e-mails owed, by status (sent, failed, in doubt after a crash mid-send…) and kind. */
export const MAIL_GAUGES: QueryGauge<string>[] = [
  {
    name: 'dsar_mails',
    help: 'E-mails owed, by status and kind',
    labelNames: ['status', 'kind'],
    sql: 'SELECT status, kind, count(*) AS value FROM notification.outgoing_mail GROUP BY 1, 2',
  },
];
