import { computeDeadlines, deadlinePolicyFor, DeadlineSchedule } from '@dsar/domain';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ControllerProfiles } from '../profiles/controller-profiles.provider';
import { PersonEntity, RequestEntity, StoredPause } from './request.entity';

/** The request's schedule as the domain calculator computes it with these pauses. */
export async function scheduleWith(
  manager: EntityManager,
  profiles: ControllerProfiles,
  request: RequestEntity,
  pauses: StoredPause[],
): Promise<DeadlineSchedule> {
  const subject = await manager.findOneByOrFail(PersonEntity, { id: request.subjectId });
  return computeDeadlines({
    policy: deadlinePolicyFor(profiles.get(request.controllerId), subject.countryOfResidence ?? undefined),
    requestType: request.type,
    receivedAt: request.receivedAt,
    pauses: pauses.map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : undefined, cause: p.cause })),
    extension: request.extension
      ? {
          decidedAt: new Date(request.extension.decidedAt),
          notifiedAt: new Date(request.extension.notifiedAt),
          reasons: request.extension.reasons,
        }
      : undefined,
  });
}

/** Writes the due date a schedule gives, with the columns the schedule was computed from (`alongside`). */
export async function applySchedule(
  manager: EntityManager,
  request: RequestEntity,
  schedule: DeadlineSchedule,
  alongside: QueryDeepPartialEntity<RequestEntity>,
): Promise<void> {
  Object.assign(request, {
    dueAt: schedule.due.at,
    dueRule: schedule.due.rule,
    dueBasis: schedule.due.basis,
    originalDueAt: schedule.originalDue.at,
    extensionNoticeBy: schedule.extensionNoticeBy?.at ?? null,
  });
  await manager.update(
    RequestEntity,
    { id: request.id },
    {
      ...alongside,
      dueAt: request.dueAt,
      dueRule: request.dueRule,
      dueBasis: request.dueBasis,
      originalDueAt: request.originalDueAt,
      extensionNoticeBy: request.extensionNoticeBy,
    },
  );
}

/** Closes the open pauses at `at`. */
export function closePauses(pauses: StoredPause[], at: Date): StoredPause[] {
  return pauses.map((pause) => (pause.to ? pause : { ...pause, to: at.toISOString() }));
}
