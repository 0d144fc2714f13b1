import { ApiProperty } from '@nestjs/swagger';

export class RequestStatusDto {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() type!: string;
  @ApiProperty() status!: string;
  @ApiProperty() receivedAt!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() dueRule!: string;
  @ApiProperty({ description: 'What the subject is expected to do next.' }) nextStep!: string;
}
