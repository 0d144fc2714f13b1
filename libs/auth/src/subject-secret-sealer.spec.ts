import { randomBytes } from 'node:crypto';
import { SEALED_SECRET_PATTERN, SubjectSecretSealer } from './subject-secret-sealer';

describe('SubjectSecretSealer', () => {
  const sealer = new SubjectSecretSealer(randomBytes(32).toString('base64'));

  it('seals a secret so that it does not appear, and opens it under the same context only', () => {
    const sealed = sealer.seal('318264', 'dsar.fulfilment.download-code-issued.v1:r1');
    expect(sealed).toMatch(SEALED_SECRET_PATTERN);
    expect(sealed).not.toContain('318264');
    expect(sealer.open(sealed, 'dsar.fulfilment.download-code-issued.v1:r1')).toBe('318264');
    expect(() => sealer.open(sealed, 'dsar.fulfilment.download-code-issued.v1:r2')).toThrow();
    expect(() =>
      new SubjectSecretSealer(randomBytes(32).toString('base64')).open(sealed, 'dsar.fulfilment.download-code-issued.v1:r1'),
    ).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SubjectSecretSealer(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
