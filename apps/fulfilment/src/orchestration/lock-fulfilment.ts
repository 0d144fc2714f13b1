import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FulfilmentEntity } from '../fulfilments/fulfilment.entity';

/**
 * Inserts the request's fulfilment row unless one exists (the received and the verified
 * events may arrive in either order), then reads it under a row lock.
 */
export async function insertIfAbsentAndLock(
  manager: EntityManager,
  row: QueryDeepPartialEntity<FulfilmentEntity> & { requestId: string },
): Promise<FulfilmentEntity | null> {
  await manager.createQueryBuilder().insert().into(FulfilmentEntity).values(row).orIgnore().execute();
  return manager.findOne(FulfilmentEntity, {
    where: { requestId: row.requestId },
    lock: { mode: 'pessimistic_write' },
  });
}
