import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class SubmitCodeDto {
  @ApiProperty({ example: '042917', description: 'The six-digit code e-mailed to the subject.' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be six digits' })
  code!: string;
}

export class VerificationResultDto {
  @ApiProperty() requestId!: string;
  @ApiProperty({ enum: ['verified'] }) status!: 'verified';
}
