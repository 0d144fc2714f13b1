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
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const CATEGORY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class KeptRecordsDto {
  @IsInt()
  @Min(0)
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
  records!: number;

  @IsOptional() @IsInt() @Min(0) exported?: number;
  @IsOptional() @IsInt() @Min(0) erased?: number;
  @IsOptional() @IsInt() @Min(0) anonymised?: number;
  @IsOptional() @IsInt() @Min(0) rectified?: number;
  @IsOptional() @IsInt() @Min(0) restricted?: number;

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
