import { DirectiveContent, RegisteredDirective } from '@dsar/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A post-mortem directive in force or revoked, as it stands now (LIL art. 85-I). */
@Entity({ name: 'post_mortem_directives' })
export class PostMortemDirectiveEntity {
  /** The reference of the request that registered it. */
  @PrimaryColumn()
  reference!: string;

  @Column({ name: 'controller_id' })
  controllerId!: string;

  /** The author's proven address, lower-cased: heirs' requests are matched on it. */
  @Column({ name: 'subject_email' })
  subjectEmail!: string;

  @Column({ type: 'text' })
  status!: RegisteredDirective['status'];

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  content!: DirectiveContent;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every version of a directive, with the request that made it: registered, changed, revoked. */
@Entity({ name: 'post_mortem_directive_history' })
export class PostMortemDirectiveHistoryEntity {
  @PrimaryColumn()
  reference!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @Column({ type: 'text' })
  change!: 'directive-registered' | 'directive-changed' | 'directive-revoked';

  @Column({ type: 'text' })
  status!: RegisteredDirective['status'];

  @Column({ type: 'jsonb' })
  content!: DirectiveContent;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
