import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The requester's address and language for one request, kept from its `received` event. */
@Entity({ name: 'contacts' })
export class ContactEntity {
  @PrimaryColumn('uuid', { name: 'request_id' })
  requestId!: string;

  @Column()
  reference!: string;

  @Column()
  recipient!: string;

  @Column()
  language!: string;

  @Column({ name: 'request_type' })
  requestType!: string;

  @Column({ type: 'jsonb', nullable: true })
  authority!: { name: string; country: string; website?: string } | null;
}
