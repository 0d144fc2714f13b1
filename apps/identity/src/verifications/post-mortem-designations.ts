import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { Column, Entity, EntityManager, IsNull, Not, PrimaryColumn } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { DirectiveCheck } from './verification.entity';

/** A post-mortem directive as identity needs it: whose, designating whom, by keyed hashes only. */
@Entity({ name: 'post_mortem_designations' })
export class PostMortemDesignationEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column({ name: 'subject_hash' })
  subjectHash!: string;

  @Column({ name: 'designated_hash', type: 'text', nullable: true })
  designatedHash!: string | null;

  @Column({ type: 'text' })
  action!: 'register' | 'change' | 'revoke';

  /** Set once the author of the directive proved their identity; unconfirmed ones count for nothing. */
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * The post-mortem directives registered through the platform (LIL arts. 84-86), checked when an
 * heir or a designated person acts for a deceased subject: the DPO sees whether the latest
 * confirmed directive designates the requester, someone else, or whether there is none.
 */
@Injectable()
export class PostMortemDesignations {
  constructor(@Inject(IdentityConfig) private readonly config: IdentityConfig) {}

  private hash(email: string): string {
    return createHmac('sha256', this.config.IDENTITY_CODE_SECRET).update(`designation:${email.trim().toLowerCase()}`).digest('hex');
  }

  async remember(
    manager: EntityManager,
    requestId: string,
    controllerId: string,
    subjectEmail: string,
    details: Record<string, unknown> | undefined,
    now: Date,
  ): Promise<void> {
    const action = details?.action === 'change' || details?.action === 'revoke' ? details.action : 'register';
    const designated = (details?.designatedPerson as { email?: unknown } | undefined)?.email;
    await manager.insert(PostMortemDesignationEntity, {
      requestId,
      controllerId,
      subjectHash: this.hash(subjectEmail),
      designatedHash: action !== 'revoke' && typeof designated === 'string' ? this.hash(designated) : null,
      action,
      confirmedAt: null,
      createdAt: now,
    });
  }

  async confirm(manager: EntityManager, requestId: string, now: Date): Promise<void> {
    await manager.update(PostMortemDesignationEntity, { requestId, confirmedAt: IsNull() }, { confirmedAt: now });
  }

  async check(manager: EntityManager, controllerId: string, subjectEmail: string, requesterEmail: string): Promise<DirectiveCheck> {
    const latest = await manager.findOne(PostMortemDesignationEntity, {
      where: { controllerId, subjectHash: this.hash(subjectEmail), confirmedAt: Not(IsNull()) },
      order: { confirmedAt: 'DESC' },
    });
    if (!latest || latest.action === 'revoke' || !latest.designatedHash) return 'none';
    return latest.designatedHash === this.hash(requesterEmail) ? 'designates-requester' : 'designates-someone-else';
  }
}
