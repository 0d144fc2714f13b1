import { Controller, Get, Header, HttpStatus, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@dsar/auth';
import { ProblemException } from '@dsar/platform';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NotificationConfig } from '../notification.config';

export interface MailboxEntry {
  id: string;
  to: string;
  subject: string;
  date: string;
  kind: string;
  requestId: string;
}

function header(raw: string, name: string): string {
  const match = new RegExp(`^${name}: (.*)$`, 'mi').exec(raw.split('\n\n')[0]);
  return match?.[1]?.trim() ?? '';
}

/**
 * The embedded mode's local mailbox (the module serves it only there): list and read the .eml
 * files. They hold every controller's mail, live codes and download links included, so only
 * an administrator of the whole platform reads them.
 */
@ApiTags('mailbox')
@ApiBearerAuth()
@Controller('v1/mailbox')
@RequirePermission('platform:administer')
export class MailboxController {
  private readonly folder: string;

  constructor(@Inject(NotificationConfig) config: NotificationConfig) {
    this.folder = resolve(config.MAILBOX_DIR);
  }

  @Get()
  async list(): Promise<MailboxEntry[]> {
    const files = (await readdir(this.folder).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
    const entries = await Promise.all(
      files.map(async (file) => {
        const raw = await readFile(join(this.folder, file), 'utf8');
        const { mtime } = await stat(join(this.folder, file));
        return {
          id: file.replace(/\.eml$/, ''),
          to: header(raw, 'To'),
          subject: header(raw, 'Subject'),
          date: mtime.toISOString(),
          kind: header(raw, 'X-DSAR-Kind'),
          requestId: header(raw, 'X-DSAR-Request'),
        };
      }),
    );
    return entries.sort((a, b) => a.date.localeCompare(b.date));
  }

  @Get(':id')
  @Header('Content-Type', 'message/rfc822')
  async read(@Param('id') id: string): Promise<string> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new ProblemException(HttpStatus.NOT_FOUND, 'mail-not-found', 'No such message.');
    return readFile(join(this.folder, `${id}.eml`), 'utf8').catch(() => {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'mail-not-found', 'No such message.');
    });
  }
}
