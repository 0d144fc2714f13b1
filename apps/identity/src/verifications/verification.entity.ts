import { ContractRequestType } from '@dsar/contracts';
import { AttemptCount, attemptCountOf, AuthorityProof, RequesterKind, VerificationStep } from '@dsar/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type VerificationStatus = 'pending' | 'awaiting-review' | 'information-requested' | 'verified' | 'failed';

export const FAILURE_REASONS = [
  'expired',
  'too-many-attempts',
  'rejected-by-staff',
  'identifiers-not-matched',
  'document-rejected',
  'proof-of-authority-rejected',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export type DirectiveCheck = 'designates-requester' | 'designates-someone-else' | 'none';

export type ReviewReason = 'id-document' | 'representative-proof' | 'identifiers-inconclusive' | 'policy';

/** What one request must prove, what it has proven, and how it ended. */
@Entity({ name: 'verifications' })
export class VerificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'request_id', type: 'uuid', unique: true })
  requestId!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  @Column({ name: 'request_type', type: 'text' })
  requestType!: ContractRequestType;

  @Column({ name: 'requester_kind', type: 'text' })
  requesterKind!: RequesterKind;

  /** Where the requester is reached. */
  @Column({ name: 'contact_email' })
  contactEmail!: string;

  /** The identity proven, handed to fulfilment. */
  @Column({ name: 'subject_email' })
  subjectEmail!: string;

  @Column()
  language!: string;

  @Column({ type: 'jsonb' })
  steps!: VerificationStep[];

  @Column({ type: 'jsonb' })
  completed!: VerificationStep[];

  @Column({ name: 'authority_proofs', type: 'jsonb', nullable: true })
  authorityProofs!: AuthorityProof[] | null;

  @Column({ type: 'text' })
  status!: VerificationStatus;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason!: ReviewReason | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: FailureReason | null;

  @Column({ type: 'text', nullable: true })
  explanation!: string | null;

  /** SHA-256 of the token the subject holds once the address is proven, for the next steps. */
  @Column({ name: 'session_hash', type: 'text', nullable: true })
  sessionHash!: string | null;

  /** Identifiers the subject gave (customer number…), kept until the decision, for the match. */
  @Column({ type: 'jsonb', nullable: true })
  identifiers!: Record<string, string> | null;

  /** For someone acting for a deceased subject: what the registered post-mortem directives say of them. */
  @Column({ name: 'directive_check', type: 'text', nullable: true })
  directiveCheck!: DirectiveCheck | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Wrong codes or links since the last lock, across every code sent (see AttemptCount). */
  @Column({ name: 'failed_attempts', type: 'int', default: 0 })
  failedAttempts!: number;

  @Column({ type: 'int', default: 0 })
  locks!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The first step not yet proven, if any. */
  nextStep(): VerificationStep | undefined {
    return this.steps.find((step) => !this.completed.includes(step));
  }

  attemptCount(): AttemptCount {
    return attemptCountOf(this);
  }

  isOpen(): boolean {
    return this.status !== 'verified' && this.status !== 'failed';
  }
}

/** Append-only: who viewed a document or decided, when and why. */
@Entity({ name: 'verification_log' })
export class VerificationLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'verification_id', type: 'uuid' })
  verificationId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column()
  actor!: string;

  @Column()
  action!: string;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
