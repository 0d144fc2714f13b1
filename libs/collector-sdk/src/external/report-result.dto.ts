import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const CATEGORY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Most records one count may report: with at most 200 categories, their sum still fits the
 * 32-bit counters fulfilment keeps.
 */
export const MAX_REPORTED_RECORDS = 10_000_000;

export class KeptRecordsDto {
  @IsInt()
  @Min(0)
  @Max(MAX_REPORTED_RECORDS)
  records!: number;

  @ApiProperty({ description: 'The legal basis, e.g. "Code de commerce art. L123-22"' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  basis!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ description: 'When the kept records will be deleted (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'until must be a date (YYYY-MM-DD)' })
  until?: string;
}

export class CategoryOutcomeDto {
  @ApiProperty({ description: 'A data category id of the controller register' })
  @Matches(CATEGORY_ID, { message: 'category must be a data category id' })
  category!: string;

  @IsInt()
  @Min(0)
  @Max(MAX_REPORTED_RECORDS)
  records!: number;

  @IsOptional() @IsInt() @Min(0) @Max(MAX_REPORTED_RECORDS) exported?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_REPORTED_RECORDS) erased?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_REPORTED_RECORDS) anonymised?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_REPORTED_RECORDS) rectified?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_REPORTED_RECORDS) restricted?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => KeptRecordsDto)
  kept?: KeptRecordsDto[];
}

/** What a system (or its owner) reports once a task is done. */
export class ReportResultDto {
  @ApiProperty({ enum: ['exported', 'completed', 'no-data', 'failed'] })
  @IsIn(['exported', 'completed', 'no-data', 'failed'])
  outcome!: 'exported' | 'completed' | 'no-data' | 'failed';

  @ApiPropertyOptional({
    type: [CategoryOutcomeDto],
    description: 'Per category: found, exported, erased… and what was kept, why and until when',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CategoryOutcomeDto)
  categories?: CategoryOutcomeDto[];

  @ApiPropertyOptional({ description: 'Why it failed; never personal data' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  error?: string;
}
