import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashToken } from '@dsar/auth';
import { createEvent, EventTypes } from '@dsar/contracts';
import {
  applyLifecycleCommand,
  authorityFor,
  Channel,
  computeDeadlines,
  ControllerProfile,
  deadlinePolicyFor,
  LifecycleStatus,
  newRequestReference,
  nextStepForRequester,
} from '@dsar/domain';
import { Outbox } from '@dsar/messaging';
import { ProblemException } from '@dsar/platform';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan, Not, QueryFailedError } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { IntakeConfig } from '../intake.config';
import { ControllerProfiles } from '../profiles/controller-profiles.provider';
import { CreatedRequestDto, CreateRequestDto } from './dto/create-request.dto';
import { IdempotencyKeys } from './idempotency-keys';
import { statusChangedEvent } from './request-lifecycle.service';
import { PersonEntity, RequestEntity, TrackingTokenEntity } from './request.entity';
import { validateRequest } from './validate-request';

const fingerprintOf = (text: string) => createHash('sha256').update(text).digest('hex');

const FINAL: LifecycleStatus[] = ['completed', 'rejected', 'cancelled'];

export interface Submission {
  body: CreateRequestDto;
  channel: Channel;
  receivedAt?: Date;
  /** An Idempotency-Key and the client that sent it: keys are the client's own. */
  idempotency?: { key: string; client: string };
  /** Staff registering a request received by e-mail or post. */
  registeredBy?: string;
  letterKey?: string;
}

export interface CreateOutcome {
  created: boolean;
  response: CreatedRequestDto;
}

/**
 * Records a request: its subject and requester, its due date and authority from the
 * controller's profile, its first audit links and its `received` event, in one
 * transaction. Through a trusted channel (staff, OpenDSR), a second submission while one is
 * open for the same subject, controller and type joins the open request. A public submission
 * never joins: its answer would tell anyone whether an address has a request.
 */
@Injectable()
export class CreateRequestUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly profiles: ControllerProfiles,
    private readonly idempotency: IdempotencyKeys,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
  ) {}

  async execute(submission: Submission, now = new Date()): Promise<CreateOutcome> {
    const { body } = submission;
    const fingerprint = fingerprintOf(JSON.stringify([body, submission.channel, submission.receivedAt?.toISOString() ?? null]));
    const { idempotency } = submission;
    if (idempotency) {
      const replay = await this.idempotency.find('create-request', idempotency.client, idempotency.key, fingerprint);
      if (replay) return { created: false, response: replay as unknown as CreatedRequestDto };
    }
    const profile = this.profiles.get(body.controllerId ?? this.config.CONTROLLER_ID);
    const details = await validateRequest(body, profile, now);
    const receivedAt = submission.receivedAt ?? now;
    if (receivedAt.getTime() > now.getTime() + 60_000) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
        { field: 'receivedAt', message: 'cannot be in the future' },
      ]);
    }

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(async (manager) => {
          const subjectEmail = body.subject.email.trim().toLowerCase();
          const open =
            submission.channel === 'api'
              ? null
              : await manager.findOne(RequestEntity, {
                  where: { controllerId: profile.id, type: body.type, subjectEmail, status: Not(In(FINAL)) },
                  lock: { mode: 'pessimistic_write' },
                });
          const outcome = open ? await this.join(manager, open, now) : await this.create(manager, submission, profile, details, receivedAt);
          if (idempotency) {
            await this.idempotency.remember(
              manager,
              'create-request',
              idempotency.client,
              idempotency.key,
              fingerprint,
              outcome.response as unknown as Record<string, unknown>,
            );
          }
          return outcome;
        });
      } catch (error) {
        // A concurrent twin won the race (same open request, or same idempotency key): read its outcome.
        if (attempt < 3 && error instanceof QueryFailedError && (error as { code?: string }).code === '23505') continue;
        throw error;
      }
    }
  }

  private async join(manager: EntityManager, open: RequestEntity, now: Date): Promise<CreateOutcome> {
    const trackingToken = await this.issueTrackingToken(manager, open.id);
    await this.audit.append(manager, {
      requestId: open.id,
      at: now.toISOString(),
      actor: { kind: 'requester', id: 'public-api' },
      action: 'duplicate-submission-joined',
      fromStatus: open.status,
      toStatus: open.status,
    });
    return { created: false, response: this.responseOf(open, trackingToken) };
  }

  /**
   * At most RATE_LIMIT_PER_IDENTITY_PER_HOUR public requests about one address an hour. Only
   * requests accepted count, so refused submissions naming someone cannot lock them out.
   */
  private async limitPerIdentity(manager: EntityManager, subjectEmail: string, now: Date): Promise<void> {
    const recent = await manager.count(RequestEntity, {
      where: { subjectEmail, channel: 'api', receivedAt: MoreThan(new Date(now.getTime() - 3_600_000)) },
    });
    if (recent >= this.config.RATE_LIMIT_PER_IDENTITY_PER_HOUR) {
      throw new ProblemException(
        HttpStatus.TOO_MANY_REQUESTS,
        'too-many-requests',
        'Too many requests were made recently: try again later.',
      );
    }
  }

  private async create(
    manager: EntityManager,
    submission: Submission,
    profile: ControllerProfile,
    details: RequestEntity['details'],
    receivedAt: Date,
  ): Promise<CreateOutcome> {
    const { body } = submission;
    const controllerId = profile.id;
    const subject = this.person(body.subject);
    const requester = body.requester && body.requester.kind !== 'subject' ? this.person(body.requester) : subject;
    if (submission.channel === 'api') await this.limitPerIdentity(manager, subject.email, receivedAt);
    await manager.insert(PersonEntity, subject === requester ? [subject] : [subject, requester]);
    const schedule = computeDeadlines({
      policy: deadlinePolicyFor(profile, body.subject.countryOfResidence),
      requestType: body.type,
      receivedAt,
    });
    const authority = authorityFor(profile, body.subject.countryOfResidence);
    const request = Object.assign(new RequestEntity(), {
      id: randomUUID(),
      reference: newRequestReference(),
      controllerId,
      type: body.type,
      details,
      channel: submission.channel,
      // Received and, at once, waiting for the requester to confirm their identity.
      status: applyLifecycleCommand({ status: 'received' }, { kind: 'request-verification' }).status,
      pausedFrom: null,
      pauseCause: null,
      rejectionReason: null,
      rejectionExplanation: null,
      subjectId: subject.id,
      subjectEmail: subject.email,
      requesterId: requester.id,
      requesterKind: body.requester?.kind ?? 'subject',
      relationship: body.requester?.relationship ?? null,
      language: body.language ?? profile.languages[0] ?? 'en',
      receivedAt,
      regime: schedule.regime,
      dueAt: schedule.due.at,
      dueRule: schedule.due.rule,
      dueBasis: schedule.due.basis,
      originalDueAt: schedule.originalDue.at,
      extensionNoticeBy: schedule.extensionNoticeBy?.at ?? null,
      internalTargetAt: schedule.internalTarget?.at ?? null,
      acknowledgeBy: schedule.acknowledgeBy?.at ?? null,
      authority: { id: authority.id, name: authority.name, country: authority.country, website: authority.website },
      letterKey: submission.letterKey ?? null,
      registeredBy: submission.registeredBy ?? null,
    });
    await manager.insert(RequestEntity, request);
    const trackingToken = await this.issueTrackingToken(manager, request.id);
    const intake = { kind: 'service' as const, id: 'intake' };
    const receivedBy = submission.registeredBy
      ? { kind: 'staff' as const, id: submission.registeredBy }
      : { kind: 'requester' as const, id: 'public-api' };
    await this.audit.start(manager, [
      {
        requestId: request.id,
        at: receivedAt.toISOString(),
        actor: receivedBy,
        action: 'received',
        toStatus: 'received',
        details: {
          channel: submission.channel,
          type: body.type,
          requesterKind: request.requesterKind,
          dueAt: request.dueAt.toISOString(),
          dueRule: request.dueRule,
        },
      },
      {
        requestId: request.id,
        at: receivedAt.toISOString(),
        actor: intake,
        action: 'request-verification',
        fromStatus: 'received',
        toStatus: request.status,
      },
    ]);
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.RequestReceived,
        source: 'dsar/intake',
        subject: request.id,
        controllerId,
        data: {
          requestId: request.id,
          reference: request.reference,
          requestType: request.type,
          channel: request.channel,
          receivedAt: receivedAt.toISOString(),
          dueAt: request.dueAt.toISOString(),
          dueRule: request.dueRule,
          regime: request.regime,
          requesterKind: request.requesterKind,
          contactEmail: requester.email,
          subjectEmail: subject.email,
          language: request.language,
          authority: { name: authority.name, country: authority.country, ...(authority.website ? { website: authority.website } : {}) },
          details: { ...request.details },
        },
      }),
      statusChangedEvent(request, 'received', 'request-verification', intake, { at: receivedAt }),
    );
    return { created: true, response: this.responseOf(request, trackingToken) };
  }

  private person(person: { email: string; fullName?: string; dateOfBirth?: string; countryOfResidence?: string }): PersonEntity {
    return Object.assign(new PersonEntity(), {
      id: randomUUID(),
      email: person.email.trim().toLowerCase(),
      fullName: person.fullName ?? null,
      dateOfBirth: person.dateOfBirth ?? null,
      countryOfResidence: person.countryOfResidence ?? null,
    });
  }

  private async issueTrackingToken(manager: EntityManager, requestId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await manager.insert(TrackingTokenEntity, { tokenHash: hashToken(token), requestId });
    return token;
  }

  private responseOf(request: RequestEntity, trackingToken: string): CreatedRequestDto {
    return {
      id: request.id,
      reference: request.reference,
      trackingToken,
      status: request.status,
      dueAt: request.dueAt.toISOString(),
      dueRule: request.dueRule,
      dueBasis: request.dueBasis,
      nextStep: nextStepForRequester({ status: request.status, pauseCause: request.pauseCause ?? undefined }),
    };
  }
}
