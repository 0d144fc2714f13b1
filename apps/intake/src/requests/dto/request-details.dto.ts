import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DECEASED_SUBJECT_PURPOSES,
  DIRECTIVE_ACTIONS,
  ERASURE_GROUNDS,
  INFORMATION_TOPICS,
  OBJECTION_PROCESSING,
  PORTABILITY_FORMATS,
  RequestType,
  RESTRICTION_GROUNDS,
} from '@dsar/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** One DTO per request type for `details`; the use case picks it by `type`. */

const CATEGORY = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** An optional list of data category ids, as the controller profile's register names them. */
const CategoriesField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], description: 'Data category ids of the controller’s register' }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(50),
    Matches(CATEGORY, { each: true, message: 'each category is a category id (lower case letters, digits, -)' }),
  );

export class AccessDetailsDto {
  @ApiProperty({ enum: ['all', 'categories'] })
  @IsIn(['all', 'categories'])
  scope!: 'all' | 'categories';

  @CategoriesField()
  categories?: string[];
}

export class RectificationItemDto {
  @ApiProperty({ example: 'postal address' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  data!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  currentValue?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  correctedValue!: string;
}

export class RectificationDetailsDto {
  @ApiProperty({ type: [RectificationItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RectificationItemDto)
  items!: RectificationItemDto[];
}

export class ErasureDetailsDto {
  @ApiProperty({ enum: ['all', 'categories'] })
  @IsIn(['all', 'categories'])
  scope!: 'all' | 'categories';

  @CategoriesField()
  categories?: string[];

  @ApiProperty({ enum: ERASURE_GROUNDS, description: 'GDPR Art. 17(1)(a)-(f)' })
  @IsIn(ERASURE_GROUNDS)
  ground!: (typeof ERASURE_GROUNDS)[number];
}

export class RestrictionDetailsDto {
  @ApiProperty({ enum: RESTRICTION_GROUNDS, description: 'GDPR Art. 18(1)(a)-(d)' })
  @IsIn(RESTRICTION_GROUNDS)
  ground!: (typeof RESTRICTION_GROUNDS)[number];

  @CategoriesField()
  categories?: string[];
}

export class ObjectionDetailsDto {
  @ApiProperty({ enum: OBJECTION_PROCESSING, description: 'direct-marketing needs no reason and cannot be refused (Art. 21(3))' })
  @IsIn(OBJECTION_PROCESSING)
  processing!: (typeof OBJECTION_PROCESSING)[number];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  purposes?: string[];

  @ApiPropertyOptional({ description: 'Grounds relating to the subject’s particular situation (Art. 21(1))' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  reasons?: string;
}

export class TransmissionTargetDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  controllerName!: string;

  @ApiProperty({ example: 'https://receiver.example/dsar/import' })
  @IsUrl({ protocols: ['https'], require_protocol: true })
  endpoint!: string;
}

export class PortabilityDetailsDto {
  @ApiProperty({ enum: PORTABILITY_FORMATS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(PORTABILITY_FORMATS, { each: true })
  formats!: (typeof PORTABILITY_FORMATS)[number][];

  @ApiPropertyOptional({ type: TransmissionTargetDto, description: 'Direct transmission to another controller (Art. 20(2))' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TransmissionTargetDto)
  transmitTo?: TransmissionTargetDto;
}

export class ConsentWithdrawalDetailsDto {
  @ApiProperty({ type: [String], example: ['newsletter'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  purposes!: string[];
}

export class InformationDetailsDto {
  @ApiPropertyOptional({ enum: INFORMATION_TOPICS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(INFORMATION_TOPICS, { each: true })
  topics?: (typeof INFORMATION_TOPICS)[number][];
}

export class DirectiveInstructionDto {
  @ApiProperty({ description: 'A data category, or a processing for a specific directive' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  target!: string;

  @ApiProperty({ enum: DIRECTIVE_ACTIONS })
  @IsIn(DIRECTIVE_ACTIONS)
  action!: (typeof DIRECTIVE_ACTIONS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  recipient?: string;
}

export class DesignatedPersonDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PostMortemDirectiveDetailsDto {
  @ApiProperty({ enum: ['register', 'change', 'revoke'] })
  @IsIn(['register', 'change', 'revoke'])
  action!: 'register' | 'change' | 'revoke';

  @ApiPropertyOptional({ enum: ['general', 'specific'] })
  @IsOptional()
  @IsIn(['general', 'specific'])
  scope?: 'general' | 'specific';

  @ApiPropertyOptional({ type: [DirectiveInstructionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DirectiveInstructionDto)
  instructions?: DirectiveInstructionDto[];

  @ApiPropertyOptional({ type: DesignatedPersonDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DesignatedPersonDto)
  designatedPerson?: DesignatedPersonDto;

  @ApiPropertyOptional({ description: 'Reference of the directive to change or revoke' })
  @IsOptional()
  @Matches(/^DSAR-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  directiveReference?: string;
}

export class DeceasedSubjectDetailsDto {
  @ApiProperty({ example: '2026-03-01' })
  @IsDateString({ strict: true })
  dateOfDeath!: string;

  @ApiProperty({ enum: DECEASED_SUBJECT_PURPOSES })
  @IsIn(DECEASED_SUBJECT_PURPOSES)
  purpose!: (typeof DECEASED_SUBJECT_PURPOSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  explanation?: string;
}

export const DETAILS_DTO_BY_TYPE: Record<RequestType, new () => object> = {
  access: AccessDetailsDto,
  rectification: RectificationDetailsDto,
  erasure: ErasureDetailsDto,
  restriction: RestrictionDetailsDto,
  objection: ObjectionDetailsDto,
  portability: PortabilityDetailsDto,
  'consent-withdrawal': ConsentWithdrawalDetailsDto,
  information: InformationDetailsDto,
  'post-mortem-directive': PostMortemDirectiveDetailsDto,
  'deceased-subject': DeceasedSubjectDetailsDto,
};
