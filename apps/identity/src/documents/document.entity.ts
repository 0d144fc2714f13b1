import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DocumentPurpose = 'id-document' | 'authority-proof';

/** An ID document or proof of authority: the copy is destroyed some days after the decision. */
@Entity({ name: 'documents' })
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'verification_id', type: 'uuid' })
  verificationId!: string;

  @Column({ type: 'text' })
  purpose!: DocumentPurpose;

  /** For a proof of authority: mandate, death certificate, family record book… */
  @Column({ name: 'proof_kind', type: 'text', nullable: true })
  proofKind!: string | null;

  @Column({ name: 'blob_key' })
  blobKey!: string;

  @Column({ name: 'content_type' })
  contentType!: string;

  @Column({ type: 'int' })
  size!: number;

  @Column()
  sha256!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  @Column({ name: 'destroy_after', type: 'timestamptz', nullable: true })
  destroyAfter!: Date | null;

  @Column({ name: 'destroyed_at', type: 'timestamptz', nullable: true })
  destroyedAt!: Date | null;
}
