import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ALL_MESSAGE_KINDS, MessageKind } from '../templates/message-kinds';
import { TEMPLATE_LANGUAGES, TemplateLanguage } from '../templates/vocabulary';

export class TemplatePreviewParams {
  @ApiProperty({ enum: ALL_MESSAGE_KINDS })
  @IsIn(ALL_MESSAGE_KINDS)
  kind!: MessageKind;
}

/** The controller whose details fill a preview when the query names none. */
export const DEFAULT_PREVIEW_CONTROLLER = 'demo';

export class TemplatePreviewQuery {
  @ApiPropertyOptional({ enum: TEMPLATE_LANGUAGES, default: 'en' })
  @IsOptional()
  @IsIn(TEMPLATE_LANGUAGES)
  lang?: TemplateLanguage;

  @ApiPropertyOptional({
    description: 'Controller id (profile) whose name, DPO and authority fill the template',
    default: DEFAULT_PREVIEW_CONTROLLER,
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'controller must be a controller id' })
  controller?: string;

  @ApiPropertyOptional({ enum: ['json', 'html', 'text'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'html', 'text'])
  format?: 'json' | 'html' | 'text';
}
