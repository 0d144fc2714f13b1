import { EntityManager } from 'typeorm';
import { ContactEntity } from '../deadlines/contact.entity';
import { RequestDeadlineEntity } from '../deadlines/request-deadline.entity';

/**
 * Thrown when an event about a request arrives before the request's `received` event (another
 * topic): the delivery is retried until it is known.
 */
export class RequestNotYetKnownError extends Error {
  constructor() {
    super('request not yet known here: its received event has not been applied');
    this.name = 'RequestNotYetKnownError';
  }
}

export async function contactOf(manager: EntityManager, requestId: string): Promise<ContactEntity> {
  const contact = await manager.findOneBy(ContactEntity, { requestId });
  if (!contact) throw new RequestNotYetKnownError();
  return contact;
}

export async function deadlineOf(manager: EntityManager, requestId: string): Promise<RequestDeadlineEntity> {
  const deadline = await manager.findOneBy(RequestDeadlineEntity, { requestId });
  if (!deadline) throw new RequestNotYetKnownError();
  return deadline;
}
