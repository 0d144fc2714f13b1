import { SubjectSecretSealer } from '@dsar/auth';
import { DynamicModule, Module } from '@nestjs/common';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { createLogger, ownerByColumn, PlatformModule, queryGaugesProvider, resourceOwners } from '@dsar/platform';
import { formatProfileFinding, loadControllerProfiles } from '@dsar/profiles';
import { CLOCK, Clock, systemClock } from './clock';
import { ControllerDirectory } from './controllers/controller-directory';
import { ContactEntity } from './deadlines/contact.entity';
import { DeadlineTracker } from './deadlines/deadline-tracker';
import { ReminderScheduler } from './deadlines/reminder-scheduler';
import { DeadlineReminderEntity, RequestDeadlineEntity } from './deadlines/request-deadline.entity';
import { MailDispatcher } from './delivery/mail-dispatcher';
import { MailQueue } from './delivery/mail-queue';
import { MAIL_TRANSPORT, mailboxTransport, smtpTransport } from './delivery/mail-transport';
import { OutgoingMailEntity } from './delivery/outgoing-mail.entity';
import {
  AttentionRequiredHandler,
  DownloadCodeHandler,
  ManualTaskAssignedHandler,
  PackageReadyHandler,
  RecipientNotificationHandler,
} from './handlers/fulfilment.handlers';
import { RequestReceivedHandler, RequestStatusChangedHandler } from './handlers/request-lifecycle.handlers';
import { RequestMail } from './handlers/request-mail';
import { InformationRequestedHandler, VerificationChallengeHandler, VerificationReviewHandler } from './handlers/verification.handlers';
import { MailboxController } from './mailbox/mailbox.controller';
import { CreateOutgoingMail1760000000400 } from './migrations/1760000000400-create-outgoing-mail';
import { CreateContacts1760000000410 } from './migrations/1760000000410-create-contacts';
import { MailDeliveryAndDeadlines1760000000420 } from './migrations/1760000000420-mail-delivery-and-deadlines';
import { DropDeferredEvents1760000000430 } from './migrations/1760000000430-drop-deferred-events';
import { NotificationConfig } from './notification.config';
import { MailFailuresController } from './staff/mail-failures.controller';
import { TemplatePreviewController } from './staff/template-preview.controller';
import { TemplateRenderer } from './templates/template-renderer';
import { MAIL_GAUGES } from './delivery/mail-metrics';

export interface NotificationOptions {
  /** The scheduler's clock; tests move it by hand. */
  clock?: Clock;
}

@Module({})
export class NotificationModule {
  static register(config: NotificationConfig, options: NotificationOptions = {}): DynamicModule {
    const useMailbox = config.MAIL_TRANSPORT === 'mailbox';
    // Profiles are checked before anything starts: a bad one stops the service with its file and line.
    const { profiles, warnings } = loadControllerProfiles(config.PROFILES_DIR);
    const log = createLogger('notification', config.LOG_LEVEL);
    for (const warning of warnings) log.debug({ controllerId: warning.controllerId, code: warning.code }, formatProfileFinding(warning));
    const directory = new ControllerDirectory(profiles);
    return {
      module: NotificationModule,
      imports: [
        PlatformModule.forService({
          service: 'notification',
          schema: 'notification',
          config,
          entities: [OutgoingMailEntity, ContactEntity, RequestDeadlineEntity, DeadlineReminderEntity],
          migrations: [
            MessagingTables1760000000000,
            CreateOutgoingMail1760000000400,
            CreateContacts1760000000410,
            MailDeliveryAndDeadlines1760000000420,
            DropDeferredEvents1760000000430,
          ],
        }),
      ],
      controllers: [...(useMailbox ? [MailboxController] : []), TemplatePreviewController, MailFailuresController],
      providers: [
        queryGaugesProvider(MAIL_GAUGES),
        { provide: NotificationConfig, useValue: config },
        { provide: SubjectSecretSealer, useValue: new SubjectSecretSealer(config.SUBJECT_SECRET_KEY) },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ControllerDirectory, useValue: directory },
        resourceOwners({
          mail: ownerByColumn(OutgoingMailEntity, 'id'),
          controller: () => async (id) => (directory.has(id) ? id : undefined),
        }),
        { provide: TemplateRenderer, useValue: new TemplateRenderer(directory, config.MAIL_TEMPLATES_DIR || undefined) },
        {
          provide: MAIL_TRANSPORT,
          useFactory: () =>
            useMailbox ? mailboxTransport(config.MAILBOX_DIR) : smtpTransport(config.SMTP_URL, config.MAIL_SEND_LEASE_SECONDS),
        },
        MailQueue,
        RequestMail,
        DeadlineTracker,
        RequestReceivedHandler,
        RequestStatusChangedHandler,
        VerificationChallengeHandler,
        InformationRequestedHandler,
        VerificationReviewHandler,
        PackageReadyHandler,
        DownloadCodeHandler,
        AttentionRequiredHandler,
        ManualTaskAssignedHandler,
        RecipientNotificationHandler,
        MailDispatcher,
        ReminderScheduler,
      ],
    };
  }
}
