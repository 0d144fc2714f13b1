import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsString, MaxLength } from 'class-validator';

/** The multipart form staff send to register a request received by e-mail or post. */
export class RegisterReceivedRequestDto {
  @ApiProperty({ enum: ['email', 'post'] })
  @IsIn(['email', 'post'])
  channel!: 'email' | 'post';

  @ApiProperty({ example: '2026-11-18T09:30:00Z', description: 'When the letter or e-mail actually arrived: it starts the clock' })
  @IsDateString({ strict: true })
  receivedAt!: string;

  @ApiProperty({ description: 'The request, as JSON, with the same fields as POST /v1/requests' })
  @IsString()
  @MaxLength(100_000)
  request!: string;

  @ApiProperty({ type: 'string', format: 'binary', description: 'The scanned letter or the e-mail as PDF, JPEG or PNG (10 MB at most)' })
  letter?: unknown;
}
