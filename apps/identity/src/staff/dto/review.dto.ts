import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ApproveDto {
  @ApiPropertyOptional({ description: 'What was checked ("ID checked"); never the document content.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export const STAFF_REJECTION_REASONS = ['rejected-by-staff', 'document-rejected', 'proof-of-authority-rejected'] as const;

export class RejectDto {
  @ApiProperty({ enum: STAFF_REJECTION_REASONS })
  @IsIn(STAFF_REJECTION_REASONS)
  reason!: (typeof STAFF_REJECTION_REASONS)[number];

  @ApiProperty({ description: 'Shown to the requester in the notification.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  explanation!: string;
}

export class RequestInformationDto {
  @ApiProperty({ description: "The staff's words to the requester: what is missing." })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  message!: string;
}

export class ReviewQueueQueryDto {
  @ApiPropertyOptional({ enum: ['awaiting-review', 'information-requested', 'pending', 'verified', 'failed'], default: 'awaiting-review' })
  @IsOptional()
  @IsIn(['awaiting-review', 'information-requested', 'pending', 'verified', 'failed'])
  status?: 'awaiting-review' | 'information-requested' | 'pending' | 'verified' | 'failed';
}
