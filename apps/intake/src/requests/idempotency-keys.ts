import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException } from '@dsar/platform';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Idempotency-Key support: the first response to a key is stored with a fingerprint of
 * the body; the same key and body replays it, the same key with another body is refused.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(scope: string, key: string, fingerprint: string): Promise<Record<string, unknown> | undefined> {
    const rows: { fingerprint: string; response: Record<string, unknown> }[] = await this.dataSource.query(
      'SELECT fingerprint, response FROM intake.idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (rows.length === 0) return undefined;
    if (rows[0].fingerprint !== fingerprint) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request.',
        [{ field: 'Idempotency-Key', message: 'already used with a different body' }],
      );
    }
    return rows[0].response;
  }

  async remember(
    manager: EntityManager,
    scope: string,
    key: string,
    fingerprint: string,
    response: Record<string, unknown>,
  ): Promise<void> {
    await manager.query('INSERT INTO intake.idempotency_keys (scope, key, fingerprint, status, response) VALUES ($1, $2, $3, $4, $5)', [
      scope,
      key,
      fingerprint,
      201,
      JSON.stringify(response),
    ]);
  }
}
