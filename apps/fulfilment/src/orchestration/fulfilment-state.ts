import { applyFulfilmentCommand, FulfilmentCommand, FulfilmentState } from '@dsar/domain';
import { EntityManager } from 'typeorm';
import { FulfilmentEntity } from '../fulfilments/fulfilment.entity';

export function fulfilmentStateOf(fulfilment: FulfilmentEntity): FulfilmentState {
  return { status: fulfilment.status, heldFrom: fulfilment.heldFrom ?? undefined };
}

/**
 * Moves a fulfilment through its state machine (the domain decides whether the move is legal,
 * else throws IllegalFulfilmentTransitionError) and stores the new state in the caller's
 * transaction. The caller holds the row locked.
 */
export async function moveFulfilment(manager: EntityManager, fulfilment: FulfilmentEntity, command: FulfilmentCommand): Promise<void> {
  const next = applyFulfilmentCommand(fulfilmentStateOf(fulfilment), command);
  fulfilment.status = next.status;
  fulfilment.heldFrom = next.heldFrom ?? null;
  await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { status: fulfilment.status, heldFrom: fulfilment.heldFrom });
}
