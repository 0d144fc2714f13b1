/**
 * Stops the servers that global-setup started. Jest runs every project's teardown after
 * all tests, so whichever project's teardown comes first stops the shared ones.
 */
export default async function globalTeardown(): Promise<void> {
  const running = [globalThis.__DSAR_KAFKA__, globalThis.__DSAR_S3PROXY__];
  globalThis.__DSAR_KAFKA__ = undefined;
  globalThis.__DSAR_S3PROXY__ = undefined;
  await Promise.all(running.map((server) => server?.stop()));
}
