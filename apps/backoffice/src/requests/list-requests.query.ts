import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const REQUEST_STATUSES = [
  'received',
  'awaiting-verification',
  'verified',
  'in-progress',
  'awaiting-dpo-review',
  'paused',
  'completed',
  'rejected',
  'cancelled',
] as const;

export class ListRequestsQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: (typeof REQUEST_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Only requests still open and due before this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;
}
