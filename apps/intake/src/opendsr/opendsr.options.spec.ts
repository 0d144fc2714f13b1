import { generateKeyPairSync } from 'node:crypto';
import { OpenDsrModuleOptions, resolveOpenDsrOptions } from './opendsr.options';

describe('resolveOpenDsrOptions', () => {
  const privateKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const options = (overrides: Partial<OpenDsrModuleOptions> = {}): OpenDsrModuleOptions => ({
    processorDomain: 'opendsr.processor.test',
    privateKeyPem,
    processorCertificateUrl: 'https://opendsr.processor.test/cert.pem',
    gateway: {} as never,
    authenticateController: () => undefined,
    ...overrides,
  });

  it('fills the defaults', () => {
    expect(resolveOpenDsrOptions(options())).toMatchObject({
      processorDomain: 'opendsr.processor.test',
      supportedSubjectRequestTypes: ['access', 'portability', 'erasure'],
      supportedIdentities: [{ type: 'email', format: 'raw' }],
      basePath: '',
      rsaPadding: 'pkcs1-v1_5',
      allowHttpCallbacks: false,
      allowPrivateCallbacks: false,
      callbackRetry: { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 10_000 },
    });
    expect(resolveOpenDsrOptions(options({ basePath: '/opendsr/' })).basePath).toBe('opendsr');
  });

  it.each([
    ['a domain with a scheme', { processorDomain: 'https://opendsr.processor.test' }, 'bare host name'],
    ['a certificate URL over http', { processorCertificateUrl: 'http://opendsr.processor.test/cert.pem' }, 'https'],
    ['a certificate URL on another domain (§6.3)', { processorCertificateUrl: 'https://cdn.test/cert.pem' }, 'must be on processorDomain'],
    ['a request type outside §6.2', { supportedSubjectRequestTypes: ['rectification' as never] }, '§6.2'],
    ['an identity type outside §5.1', { supportedIdentities: [{ type: 'phone' as never, format: 'raw' as const }] }, '§5.1'],
    ['an identity format outside §5.2', { supportedIdentities: [{ type: 'email' as const, format: 'sha512' as never }] }, '§5.2'],
    ['zero retries', { callbackRetry: { maxAttempts: 0 } }, 'maxAttempts'],
  ])('refuses %s', (_case, overrides, message) => {
    expect(() => resolveOpenDsrOptions(options(overrides))).toThrow(message);
  });
});
