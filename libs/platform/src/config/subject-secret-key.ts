import { Matches } from 'class-validator';

/**
 * Validates SUBJECT_SECRET_KEY: 32 random bytes in base64, the key that seals subjects' codes and
 * links in events for the notification service (`SubjectSecretSealer`). Given by configuration to
 * the services that issue secrets and to notification, never kept in the repository.
 */
export const IsSubjectSecretKey = () =>
  Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'SUBJECT_SECRET_KEY must be 32 bytes encoded in base64' });
