import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';

export class CreateRequestDto {
  @ApiProperty({ enum: ['access'], description: 'The right exercised. Other rights come with the lifecycle issue.' })
  @IsIn(['access'])
  type!: 'access';

  @ApiProperty({ example: 'ada@example.org', description: 'Where the verification code and the answer are sent.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ['en', 'fr'], required: false, default: 'en' })
  @IsOptional()
  @IsIn(['en', 'fr'])
  language?: 'en' | 'fr';
}

export class CreatedRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'DSAR-7K3F-Q9ZD' }) reference!: string;
  @ApiProperty({ description: 'Secret shown once; send it as X-Tracking-Token to follow the request.' }) trackingToken!: string;
  @ApiProperty() status!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() dueRule!: string;
}
