import { Injectable } from '@nestjs/common';

/**
 * Called once a package is stored and before the transaction that records it commits. Does
 * nothing; crash tests override this provider to hold the transaction open and kill the process
 * there (test/support/fulfilment-held-after-package.main.ts).
 */
@Injectable()
export class PackageCheckpoint {
  async stored(_requestId: string): Promise<void> {}
}
