import { IsEmail, IsIn, IsString, Matches, ValidateIf } from 'class-validator';
import { Environment, loadConfig, ServiceConfig } from '@dsar/platform';

export class NotificationConfig extends ServiceConfig {
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
}

export const loadNotificationConfig = (env: Environment) => loadConfig('notification', NotificationConfig, env);
