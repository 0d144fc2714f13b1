import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class DownloadWithCodeDto {
  @ApiProperty({ example: '042917', description: 'The six-digit one-time code sent by e-mail.' })
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code!: string;
}
