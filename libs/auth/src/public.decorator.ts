import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC } from './access.guard';

/** Declares a route open without a staff token. Every route is guarded or public. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
