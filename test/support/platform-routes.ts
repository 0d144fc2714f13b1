import { DynamicModule, Type } from '@nestjs/common';
import { BackofficeModule, loadBackofficeConfig } from '@dsar/backoffice';
import { CollectorManualModule, loadCollectorManualConfig } from '@dsar/collector-manual';
import { CollectorPostgresModule, loadCollectorConfig } from '@dsar/collector-postgres';
import { CollectorPushModule, loadCollectorPushConfig } from '@dsar/collector-push';
import { FulfilmentModule, loadFulfilmentConfig } from '@dsar/fulfilment';
import { IdentityModule, loadIdentityConfig } from '@dsar/identity';
import { IntakeModule, loadIntakeConfig } from '@dsar/intake';
import { PlatformLayout, serviceEnvironment, ServiceName } from '@dsar/launcher';
import { loadNotificationConfig, NotificationModule } from '@dsar/notification';
import { DeclaredRoute, routesOf } from '@dsar/platform';

/** Every controller a module serves, its imports' included. */
function controllersOf(module: DynamicModule | Type<unknown>): Type<unknown>[] {
  const dynamic = module as DynamicModule;
  const own = (dynamic.controllers ?? (Reflect.getMetadata('controllers', module) as Type<unknown>[] | undefined) ?? []) as Type<unknown>[];
  const imports = (dynamic.imports ?? []).filter(
    (i): i is DynamicModule | Type<unknown> => typeof i === 'object' || typeof i === 'function',
  );
  return [...own, ...imports.flatMap((i) => controllersOf(i as DynamicModule))];
}

/**
 * The routes of every service, as each one's Nest module declares them when composed the way
 * the embedded mode composes it (the mailbox included); collector-push beside them.
 */
export function platformRoutes(layout: PlatformLayout, mailboxDir: string): Array<DeclaredRoute & { service: string }> {
  const env = (service: ServiceName) => ({ ...serviceEnvironment(layout, service), EVENT_TRANSPORT: 'postgres' });
  const modules: Record<string, DynamicModule> = {
    intake: IntakeModule.register(loadIntakeConfig(env('intake'))),
    identity: IdentityModule.register(loadIdentityConfig(env('identity'))),
    fulfilment: FulfilmentModule.register(loadFulfilmentConfig(env('fulfilment'))),
    notification: NotificationModule.register(
      loadNotificationConfig({ ...env('notification'), MAIL_TRANSPORT: 'mailbox', MAILBOX_DIR: mailboxDir }),
    ),
    backoffice: BackofficeModule.register(loadBackofficeConfig(env('backoffice'))),
    'collector-postgres': CollectorPostgresModule.register(loadCollectorConfig(env('collector-postgres'))),
    'collector-manual': CollectorManualModule.register(loadCollectorManualConfig(env('collector-manual'))),
    'collector-push': CollectorPushModule.register(loadCollectorPushConfig({ ...env('collector-manual'), PUSH_SYSTEMS: 'crm' })),
  };
  return Object.entries(modules).flatMap(([service, module]) => routesOf(controllersOf(module)).map((route) => ({ ...route, service })));
}
