import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class SubmitCodeDto {
  @ApiProperty({ example: '042917', description: 'The six-digit code e-mailed to the requester.' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be six digits' })
  code!: string;
}

export class SubmitLinkTokenDto {
  @ApiProperty({ description: 'The token of the magic link e-mailed to the requester.' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token is not a valid link token' })
  token!: string;
}

export class ResendDto {
  @ApiPropertyOptional({ enum: ['email-code', 'magic-link'], default: 'email-code' })
  @IsOptional()
  @IsIn(['email-code', 'magic-link'])
  method?: 'email-code' | 'magic-link';
}

export class VerificationResultDto {
  @ApiProperty() requestId!: string;
  @ApiProperty({
    enum: ['verified', 'more-proof-needed', 'confirmed'],
    description: '`confirmed`: the subject confirmed an agent acts for them.',
  })
  status!: 'verified' | 'more-proof-needed' | 'confirmed';
  @ApiPropertyOptional({ enum: ['known-identifiers', 'id-document', 'authority-proof'], description: 'What to prove next.' })
  nextStep?: string;
  @ApiPropertyOptional({
    description: 'Shown once: sent as `x-verification-token` with the next steps (identifiers, documents).',
  })
  verificationToken?: string;
}
