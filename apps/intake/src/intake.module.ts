import { DynamicModule, Module } from '@nestjs/common';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { blobStoreProviders, createLogger, ownerByColumn, PlatformModule, queryGaugesProvider, resourceOwners } from '@dsar/platform';
import { formatProfileFinding, loadControllerProfiles } from '@dsar/profiles';
import { readFileSync } from 'node:fs';
import { IntakeConfig } from './intake.config';
import { CreateRequests1760000000100 } from './migrations/1760000000100-create-requests';
import { RequestLifecycle1760000000110 } from './migrations/1760000000110-request-lifecycle';
import { OpenDsrRequests1760000000120 } from './migrations/1760000000120-opendsr-requests';
import { RequestDeadlineHistory1760000000130 } from './migrations/1760000000130-request-deadline-history';
import { PublicSubmissionsNeverJoin1760000000140 } from './migrations/1760000000140-public-submissions-never-join';
import { IdempotencyAnswersSealed1760000000155 } from './migrations/1760000000155-idempotency-answers-sealed';
import { RequestsPerIdentity1760000000156 } from './migrations/1760000000156-requests-per-identity';
import { StaffDecisionsUseCase } from './staff/staff-decisions.use-case';
import { bearerTokenControllerAuthenticator, OpenDsrModule } from './opendsr';
import { OpenDsrStatusCallbacksHandler } from './opendsr-gateway/opendsr-status-callbacks.handler';
import { PlatformOpenDsrGateway } from './opendsr-gateway/platform-opendsr.gateway';
import { rateLimits } from './requests/rate-limits';
import { RequestProgressHandler } from './requests/request-progress.handler';
import { INTAKE_ENTITIES, RequestsCoreModule } from './requests/requests-core.module';
import { RequestsController } from './requests/requests.controller';
import { StaffRequestsController } from './staff/staff-requests.controller';
import { AddEvidenceUseCase } from './requests/add-evidence.use-case';
import { VerificationOutcomesHandler } from './verification-outcomes/verification-outcomes.handler';
import { REQUEST_GAUGES } from './requests/request-metrics';
import { RequestEntity } from './requests/request.entity';

export { INTAKE_ENTITIES };
export const INTAKE_MIGRATIONS = [
  MessagingTables1760000000000,
  CreateRequests1760000000100,
  RequestLifecycle1760000000110,
  OpenDsrRequests1760000000120,
  RequestDeadlineHistory1760000000130,
  PublicSubmissionsNeverJoin1760000000140,
  IdempotencyAnswersSealed1760000000155,
  RequestsPerIdentity1760000000156,
];

function openDsr(config: IntakeConfig, core: DynamicModule): DynamicModule[] {
  if (!config.OPENDSR_PROCESSOR_DOMAIN) return [];
  return [
    OpenDsrModule.register({
      processorDomain: config.OPENDSR_PROCESSOR_DOMAIN,
      privateKeyPem: readFileSync(config.OPENDSR_PRIVATE_KEY_FILE, 'utf8'),
      processorCertificateUrl: config.OPENDSR_CERTIFICATE_URL,
      gateway: PlatformOpenDsrGateway,
      imports: [core],
      allowHttpCallbacks: config.OPENDSR_ALLOW_HTTP_CALLBACKS,
      allowPrivateCallbacks: config.OPENDSR_ALLOW_PRIVATE_CALLBACKS,
      authenticateController: bearerTokenControllerAuthenticator(
        config.OPENDSR_CONTROLLER_TOKENS.split(',').map((pair) => {
          const [controllerId, tokenSha256] = pair.split(':');
          return { controllerId, tokenSha256 };
        }),
      ),
    }),
  ];
}

@Module({})
export class IntakeModule {
  static register(config: IntakeConfig): DynamicModule {
    // Profiles are checked before anything starts: a bad one stops the service with its file and line.
    const { profiles, warnings } = loadControllerProfiles(config.PROFILES_DIR);
    // A profile applies as written, stricter than the law if it wishes; the DPO is told where a regulator would object.
    const log = createLogger('intake', config.LOG_LEVEL);
    for (const warning of warnings) log.warn({ controllerId: warning.controllerId, code: warning.code }, formatProfileFinding(warning));
    const core = RequestsCoreModule.register(config, profiles);
    const opendsr = openDsr(config, core);
    return {
      module: IntakeModule,
      imports: [
        PlatformModule.forService({
          service: 'intake',
          schema: 'intake',
          config,
          entities: INTAKE_ENTITIES,
          migrations: INTAKE_MIGRATIONS,
        }),
        core,
        rateLimits(config),
        ...opendsr,
      ],
      controllers: [RequestsController, StaffRequestsController],
      providers: [
        queryGaugesProvider(REQUEST_GAUGES),
        ...blobStoreProviders(config),
        resourceOwners({ request: ownerByColumn(RequestEntity, 'reference') }),
        RequestProgressHandler,
        VerificationOutcomesHandler,
        StaffDecisionsUseCase,
        AddEvidenceUseCase,
        ...(opendsr.length > 0 ? [OpenDsrStatusCallbacksHandler] : []),
      ],
    };
  }
}
