import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MatchOutcome = 'matched' | 'not-matched' | 'failed';

/** One system asked whether the identifiers a subject gave match what it holds. */
@Entity({ name: 'identifier_matches' })
export class IdentifierMatchEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'verification_id', type: 'uuid' })
  verificationId!: string;

  @Column({ name: 'system_id' })
  systemId!: string;

  @Column({ type: 'text', nullable: true })
  outcome!: MatchOutcome | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true })
  reportedAt!: Date | null;
}
