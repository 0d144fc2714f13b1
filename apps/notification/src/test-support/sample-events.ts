import { sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { ContractRequestType, createEvent, DsarEvent, EventType, EventTypes, NewEvent } from '@dsar/contracts';
import { randomBytes, randomUUID } from 'node:crypto';

/** The SUBJECT_SECRET_KEY of the tests: producers seal codes and links with it, notification opens them. */
export const TEST_SUBJECT_SECRET_KEY = randomBytes(32).toString('base64');

/** A code or link sealed as identity or fulfilment seals it in an event of `type` about `requestId`. */
export function sealed(secret: string, type: EventType, requestId: string): string {
  return new SubjectSecretSealer(TEST_SUBJECT_SECRET_KEY).seal(secret, sealingContext(type, requestId));
}

/** The events notification consumes, as their producers publish them, for tests. */
export function event<T extends EventType>(type: T, requestId: string, data: NewEvent<T>['data'], controllerId = 'demo'): DsarEvent<T> {
  return createEvent({ type, source: 'dsar/test', subject: requestId, controllerId, data });
}

export interface SampleRequest {
  requestId: string;
  reference: string;
  requestType: ContractRequestType;
  contactEmail: string;
  language: string;
  dueAt: string;
}

export function sampleRequest(overrides: Partial<SampleRequest> = {}): SampleRequest {
  const id = randomUUID();
  return {
    requestId: id,
    reference: `DSAR-${id.slice(0, 4).toUpperCase()}-${id.slice(4, 8).toUpperCase()}`,
    requestType: 'access',
    contactEmail: `s.${id.slice(0, 8)}@example.org`,
    language: 'en',
    dueAt: '2026-12-22T22:59:59.999Z',
    ...overrides,
  };
}

export function received(request: SampleRequest, controllerId = 'demo') {
  return event(
    EventTypes.RequestReceived,
    request.requestId,
    {
      requestId: request.requestId,
      reference: request.reference,
      requestType: request.requestType,
      channel: 'web',
      receivedAt: new Date().toISOString(),
      dueAt: request.dueAt,
      dueRule: 'eu-gdpr:art-12-3:one-month',
      requesterKind: 'subject',
      contactEmail: request.contactEmail,
      subjectEmail: request.contactEmail,
      language: request.language,
      authority: { name: 'CNIL', country: 'FR', website: 'https://www.cnil.fr/' },
    },
    controllerId,
  );
}

export function statusChanged(
  request: SampleRequest,
  change: { from: string; to: string; action: string; reason?: string; dueAt?: string; explanation?: string },
  controllerId = 'demo',
) {
  return event(
    EventTypes.RequestStatusChanged,
    request.requestId,
    {
      requestId: request.requestId,
      reference: request.reference,
      requestType: request.requestType,
      fromStatus: change.from as never,
      toStatus: change.to as never,
      action: change.action,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.explanation ? { explanation: change.explanation } : {}),
      changedAt: new Date().toISOString(),
      dueAt: change.dueAt ?? request.dueAt,
      dueRule: 'eu-gdpr:art-12-3:one-month',
      actorKind: 'staff',
    },
    controllerId,
  );
}
