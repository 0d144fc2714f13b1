import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAUSE_CAUSES, PauseCause, REJECTION_REASONS, RejectionReason } from '@dsar/domain';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class PauseRequestDto {
  @ApiProperty({ enum: PAUSE_CAUSES })
  @IsIn(PAUSE_CAUSES)
  cause!: PauseCause;

  @ApiPropertyOptional({ description: 'What was asked of the requester' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectRequestDto {
  @ApiProperty({ enum: REJECTION_REASONS })
  @IsIn(REJECTION_REASONS)
  reason!: RejectionReason;

  @ApiProperty({ description: 'The reasons given to the requester (GDPR Art. 12(4))' })
  @IsString()
  @MinLength(10)
  @MaxLength(4000)
  explanation!: string;
}

export class ExtendRequestDto {
  @ApiProperty({ description: 'Why more time is needed, as told to the requester (complexity, number of requests)' })
  @IsString()
  @MinLength(10)
  @MaxLength(4000)
  reasons!: string;
}
