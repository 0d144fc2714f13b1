import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANGUAGES, REQUEST_TYPES, REQUESTER_KINDS, RequestType, RequesterKind } from '@dsar/domain';
import { Type } from 'class-transformer';
import {
  IsDateString,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class PersonDto {
  @ApiProperty({ example: 'ada@example.org' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ example: '2011-04-02', description: 'Needed when a parent or guardian acts for a minor' })
  @IsOptional()
  @IsDateString({ strict: true })
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: 'FR', description: 'ISO 3166-1 alpha-2; decides the supervisory authority' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfResidence must be an ISO 3166-1 alpha-2 code in upper case' })
  countryOfResidence?: string;
}

export class RequesterDto extends PersonDto {
  @ApiProperty({ enum: REQUESTER_KINDS })
  @IsIn(REQUESTER_KINDS)
  kind!: RequesterKind;

  @ApiPropertyOptional({ example: 'mother' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  relationship?: string;
}

export class CreateRequestDto {
  @ApiPropertyOptional({ example: 'demo', description: 'The controller asked; defaults to the deployment’s controller' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  controllerId?: string;

  @ApiProperty({ enum: REQUEST_TYPES })
  @IsIn(REQUEST_TYPES)
  type!: RequestType;

  @ApiProperty({ description: 'What the request needs, by type: see the *DetailsDto schemas' })
  @IsObject()
  details!: Record<string, unknown>;

  @ApiProperty({ type: PersonDto, description: 'Whom the data concerns' })
  @IsObject()
  @ValidateNested()
  @Type(() => PersonDto)
  subject!: PersonDto;

  @ApiPropertyOptional({ type: RequesterDto, description: 'Who asks, when not the subject' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RequesterDto)
  requester?: RequesterDto;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: 'en' | 'fr';
}

export class CreatedRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'DSAR-7K3F-Q9ZD' }) reference!: string;
  @ApiProperty({ description: 'Secret shown once; send it as X-Tracking-Token to follow or cancel the request.' }) trackingToken!: string;
  @ApiProperty() status!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ description: 'The rule that produced the due date' }) dueRule!: string;
  @ApiProperty({ description: 'Its legal basis' }) dueBasis!: string;
  @ApiProperty() nextStep!: string;
}
