import { IsEmail, IsIn, IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { Environment, IsSubjectSecretKey, loadConfig, ServiceConfig } from '@dsar/platform';

export class NotificationConfig extends ServiceConfig {
  /** Seals the subject's codes and links in events for notification (32 bytes, base64). */
  @IsSubjectSecretKey()
  SUBJECT_SECRET_KEY: string = '';

  /** `mailbox` writes .eml files to MAILBOX_DIR (embedded mode); `smtp` sends to SMTP_URL. */
  @IsIn(['mailbox', 'smtp'])
  MAIL_TRANSPORT: string = 'smtp';

  @ValidateIf((c: NotificationConfig) => c.MAIL_TRANSPORT === 'smtp')
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL when MAIL_TRANSPORT is smtp' })
  SMTP_URL: string = '';

  @ValidateIf((c: NotificationConfig) => c.MAIL_TRANSPORT === 'mailbox')
  @IsString()
  @Matches(/.+/, { message: 'MAILBOX_DIR is required when MAIL_TRANSPORT is mailbox' })
  MAILBOX_DIR: string = '';

  @IsEmail()
  MAIL_FROM: string = 'privacy@dsar.invalid';

  /** Folder of controller profiles (YAML): controller name, DPO address, authority, languages. */
  @IsString()
  @MinLength(1)
  PROFILES_DIR: string = 'config/controllers';

  /** Optional folder of template overrides: `<controller id | default>/<language>/<kind>.{subject,html}.hbs`. */
  @IsString()
  MAIL_TEMPLATES_DIR: string = '';

  /** Days before a due date at which staff are reminded, comma-separated. */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, { message: 'must list whole days, comma-separated, e.g. 7,3,1' })
  NOTIFY_DEADLINE_REMINDER_DAYS: string = '7,3,1';

  /** Hour (UTC) from which each DPO's daily digest is sent. */
  @IsInt()
  @Min(0)
  @Max(23)
  NOTIFY_DIGEST_HOUR: number = 7;

  /** How often the scheduler looks for reminders and digests that are due. */
  @IsInt()
  @Min(50)
  @Max(3_600_000)
  NOTIFY_SCHEDULER_INTERVAL_MS: number = 60_000;

  /** Base of the links to a request in staff messages (the back-office); empty leaves them out. */
  @ValidateIf((c: NotificationConfig) => c.STAFF_CONSOLE_URL !== '')
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  STAFF_CONSOLE_URL: string = '';

  /** Delivery attempts before a message is marked failed for the DPO to see. */
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS: number = 8;

  /** First retry delay; doubles on each attempt up to 10 minutes. */
  @IsInt()
  @Min(10)
  @Max(600_000)
  MAIL_RETRY_BASE_MS: number = 1_000;

  /**
   * How long a send may take before another dispatcher considers it abandoned (its process
   * died mid-send). Longer than the SMTP timeouts, which are derived from it.
   */
  @IsInt()
  @Min(2)
  @Max(3_600)
  MAIL_SEND_LEASE_SECONDS: number = 300;

  /**
   * What to do with a message whose sender died mid-send, when the transport cannot tell whether
   * it was delivered (SMTP): `hold` marks it in doubt for the DPO (never two e-mails, possibly
   * none until resent); `resend` sends it again with the same Message-ID (never none, possibly two).
   */
  @IsIn(['hold', 'resend'])
  MAIL_IN_DOUBT_POLICY: 'hold' | 'resend' = 'hold';
}

export const loadNotificationConfig = (env: Environment) => loadConfig('notification', NotificationConfig, env);

export function reminderDaysOf(config: NotificationConfig): number[] {
  return [...new Set(config.NOTIFY_DEADLINE_REMINDER_DAYS.split(',').map(Number))].sort((a, b) => b - a);
}
