/**
 * Stops the broker that global-setup started. Jest runs every project's teardown after
 * all tests, so whichever project's teardown comes first stops the shared broker.
 */
export default async function globalTeardown(): Promise<void> {
  const broker = globalThis.__DSAR_KAFKA__;
  globalThis.__DSAR_KAFKA__ = undefined;
  await broker?.stop();
}
