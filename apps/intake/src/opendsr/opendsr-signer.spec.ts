import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { OpenDsrSigner } from './opendsr-signer';

const pem = (key: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('OpenDsrSigner', () => {
  const body = Buffer.from('{"subject_request_id":"a7551968-d5d6-44b2-9831-815ac9017798"}', 'utf8');

  it('signs SHA-256 of the exact bytes with RSA PKCS#1 v1.5 by default', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = Buffer.from(new OpenDsrSigner(pem(privateKey), 'opendsr.processor.test').sign(body), 'base64');

    expect(verify('sha256', body, publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(`${body.toString()} `), publicKey, signature)).toBe(false);
  });

  it('signs with RSA-PSS when asked', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = Buffer.from(new OpenDsrSigner(pem(privateKey), 'opendsr.processor.test', 'pss').sign(body), 'base64');

    expect(verify('sha256', body, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING }, signature)).toBe(true);
  });

  it('signs with ECDSA on P-256', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signature = Buffer.from(new OpenDsrSigner(pem(privateKey), 'opendsr.processor.test').sign(body), 'base64');

    expect(verify('sha256', body, publicKey, signature)).toBe(true);
  });

  it('gives the signature headers under their 2.0 and 1.0 names', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const headers = new OpenDsrSigner(pem(privateKey), 'opendsr.processor.test').signatureHeaders(body);

    expect(Object.keys(headers)).toEqual([
      'X-OpenDSR-Processor-Domain',
      'X-OpenDSR-Signature',
      'X-OpenGDPR-Processor-Domain',
      'X-OpenGDPR-Signature',
    ]);
    expect(headers['X-OpenGDPR-Signature']).toBe(headers['X-OpenDSR-Signature']);
  });

  it('refuses keys outside FIPS 186-4 or too weak, and what is not a key', () => {
    expect(() => new OpenDsrSigner(pem(generateKeyPairSync('ed25519').privateKey), 'd.test')).toThrow('RSA or EC');
    expect(() => new OpenDsrSigner(pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey), 'd.test')).toThrow('2048');
    expect(() => new OpenDsrSigner(pem(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey), 'd.test')).toThrow('EC');
    expect(() => new OpenDsrSigner('not a key', 'd.test')).toThrow('PEM');
  });
});
