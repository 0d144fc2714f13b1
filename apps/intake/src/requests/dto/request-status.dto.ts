import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuthorityDto {
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
  @ApiPropertyOptional() website?: string;
}

/** What the requester sees of their request: its progress, never any personal data. */
export class RequestStatusDto {
  @ApiProperty() reference!: string;
  @ApiProperty() type!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional() pauseCause?: string;
  @ApiPropertyOptional() rejectionReason?: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() dueRule!: string;
  @ApiProperty() dueBasis!: string;
  @ApiProperty({ description: 'What the requester is expected to do next' }) nextStep!: string;
  @ApiProperty({ type: AuthorityDto, description: 'The supervisory authority to complain to' }) authority!: AuthorityDto;
}
