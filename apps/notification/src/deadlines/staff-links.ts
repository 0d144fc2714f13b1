import { NotificationConfig } from '../notification.config';

/** The link to a request in the back-office, for staff messages; none when no console URL is set. */
export function staffLinkTo(config: NotificationConfig, requestId: string): string | undefined {
  return config.STAFF_CONSOLE_URL ? `${config.STAFF_CONSOLE_URL.replace(/\/$/, '')}/v1/requests/${requestId}` : undefined;
}
