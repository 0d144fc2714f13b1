import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { REPLY_REJECTION_CODES, ReplyRejectionCode } from '@dsar/domain';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

export class RedactionDto {
  @ApiProperty({ example: 'demo-crm' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  systemId!: string;

  @ApiProperty({ description: "0-based position of the record in the draft's systems/<id>/data.json" })
  @IsInt()
  @Min(0)
  recordIndex!: number;

  @ApiPropertyOptional({ description: 'Fields to mask; without it the whole record is left out.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  fields?: string[];
}

export class ApproveReplyDto {
  @ApiPropertyOptional({ type: [RedactionDto], description: 'What concerns other people (Art. 15(4)).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => RedactionDto)
  redactions?: RedactionDto[];
}

export class RejectReplyDto {
  @ApiProperty({
    enum: REPLY_REJECTION_CODES,
    description:
      '`incomplete-collection` asks the silent or failed systems again; the others refuse the reply, and intake rejects the request with the matching reason.',
  })
  @IsIn(REPLY_REJECTION_CODES)
  reasonCode!: ReplyRejectionCode;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  explanation?: string;
}
