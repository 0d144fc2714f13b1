import { DynamicModule, Module } from '@nestjs/common';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { MailDispatcher } from './mail/mail-dispatcher';
import { PackageReadyMailHandler, VerificationCodeMailHandler } from './mail/mail-requested.handlers';
import { MAIL_TRANSPORT, mailboxTransport, smtpTransport } from './mail/mail-transport';
import { OutgoingMailEntity } from './mail/outgoing-mail.entity';
import { MailboxController } from './mailbox/mailbox.controller';
import { CreateOutgoingMail1760000000400 } from './migrations/1760000000400-create-outgoing-mail';
import { CreateContacts1760000000410 } from './migrations/1760000000410-create-contacts';
import { ContactEntity } from './contacts/contact.entity';
import { AcknowledgementMailHandler, OutcomeMailHandler } from './mail/lifecycle-mail.handlers';
import { NotificationConfig } from './notification.config';

@Module({})
export class NotificationModule {
  static register(config: NotificationConfig): DynamicModule {
    const useMailbox = config.MAIL_TRANSPORT === 'mailbox';
    return {
      module: NotificationModule,
      imports: [
        PlatformModule.forService({
          service: 'notification',
          schema: 'notification',
          config,
          entities: [OutgoingMailEntity, ContactEntity],
          migrations: [MessagingTables1760000000000, CreateOutgoingMail1760000000400, CreateContacts1760000000410],
        }),
      ],
      controllers: useMailbox ? [MailboxController] : [],
      providers: [
        { provide: NotificationConfig, useValue: config },
        { provide: MAIL_TRANSPORT, useFactory: () => (useMailbox ? mailboxTransport(config.MAILBOX_DIR) : smtpTransport(config.SMTP_URL)) },
        VerificationCodeMailHandler,
        PackageReadyMailHandler,
        AcknowledgementMailHandler,
        OutcomeMailHandler,
        MailDispatcher,
      ],
    };
  }
}
