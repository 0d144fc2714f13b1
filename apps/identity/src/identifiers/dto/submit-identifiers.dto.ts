import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class SubmitIdentifiersDto {
  @ApiProperty({
    description: 'What the controller already knows, by kind: { "customer-number": "C-1029", "postcode": "75011" }.',
    example: { 'customer-number': 'C-1029', postcode: '75011' },
  })
  @IsObject()
  identifiers!: Record<string, unknown>;
}
