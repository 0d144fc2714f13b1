import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SubjectSecretSealer } from '@dsar/auth';
import { ProblemException } from '@dsar/platform';
import { createHash, hkdfSync } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/** How long an answer is kept for replays: retries come within minutes, not days. */
const KEPT_FOR = '24 hours';

/** The stored form of an answer: `{ sealed }`, see SubjectSecretSealer. */
interface StoredAnswer {
  sealed: string;
}

/**
 * Idempotency-Key support, per client: the first response to a key is kept with a fingerprint of
 * the body; the same client with the same key and body gets it again, the same key with another
 * body is refused, and another client's key is another key. The answer carries a tracking token,
 * so nothing of it is kept in clear: rows are found by a hash of client and key, and the answer is
 * encrypted under a key derived from them, which only a caller who presents the key can rebuild.
 * Answers are deleted after a day.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(scope: string, client: string, key: string, fingerprint: string): Promise<Record<string, unknown> | undefined> {
    const rows: { fingerprint: string; response: StoredAnswer }[] = await this.dataSource.query(
      `SELECT fingerprint, response FROM intake.idempotency_keys WHERE scope = $1 AND key = $2 AND created_at > now() - interval '${KEPT_FOR}'`,
      [scope, lookupHash(client, key)],
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
    return JSON.parse(open(rows[0].response.sealed, client, key)) as Record<string, unknown>;
  }

  async remember(
    manager: EntityManager,
    scope: string,
    client: string,
    key: string,
    fingerprint: string,
    response: Record<string, unknown>,
  ): Promise<void> {
    await manager.query(`DELETE FROM intake.idempotency_keys WHERE created_at < now() - interval '${KEPT_FOR}'`);
    await manager.query('INSERT INTO intake.idempotency_keys (scope, key, fingerprint, status, response) VALUES ($1, $2, $3, $4, $5)', [
      scope,
      lookupHash(client, key),
      fingerprint,
      201,
      JSON.stringify({ sealed: seal(JSON.stringify(response), client, key) }),
    ]);
  }
}

function lookupHash(client: string, key: string): string {
  return createHash('sha256').update(`lookup\n${client}\n${key}`).digest('hex');
}

/** A sealer under a key derived from client and key: only a caller presenting the key can open the answer. */
function answerSealer(client: string, key: string): SubjectSecretSealer {
  return new SubjectSecretSealer(Buffer.from(hkdfSync('sha256', key, client, 'dsar idempotent answer', 32)).toString('base64'));
}

const seal = (text: string, client: string, key: string) => answerSealer(client, key).seal(text, 'idempotent-answer');
const open = (sealed: string, client: string, key: string) => answerSealer(client, key).open(sealed, 'idempotent-answer');
