import { join } from 'node:path';

/** Logged by the held fulfilment when a package is stored and its transaction held open: the crash test kills it then. */
export const HELD_AFTER_PACKAGE = 'test checkpoint: package stored, holding the transaction open';

/**
 * The node arguments of a fulfilment process whose package checkpoint holds the transaction open:
 * a test's entry point, run from TypeScript (the build holds only what production runs).
 */
export const FULFILMENT_HELD_AFTER_PACKAGE_ENTRY = ['-r', '@swc-node/register', join(__dirname, 'fulfilment-held-after-package.main.ts')];
