import { constants, createPrivateKey, KeyObject, sign } from 'node:crypto';
import { OPENDSR_HEADERS, OPENGDPR_HEADERS } from './opendsr.constants';

export type OpenDsrRsaPadding = 'pkcs1-v1_5' | 'pss';

const MIN_RSA_BITS = 2048;
const EC_CURVES = ['prime256v1', 'secp384r1', 'secp521r1'];

/**
 * Signs response and callback bodies (§4.2, §7.3 `processor_signature`, §8.3, §8.6): the
 * SHA-256 digest of the exact body bytes, signed with the processor's private key under
 * FIPS 186-4 (RSA, PKCS#1 v1.5 by default or PSS, at least 2048 bits; or ECDSA on a NIST
 * curve, DER-encoded), Base64-encoded. The matching certificate is published at the
 * `processor_certificate` URL of /discovery.
 */
export class OpenDsrSigner {
  private readonly key: KeyObject;

  constructor(
    privateKeyPem: string,
    private readonly processorDomain: string,
    private readonly rsaPadding: OpenDsrRsaPadding = 'pkcs1-v1_5',
  ) {
    this.key = OpenDsrSigner.loadKey(privateKeyPem);
  }

  private static loadKey(pem: string): KeyObject {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: pem, format: 'pem' });
    } catch {
      throw new Error('OpenDSR: privateKeyPem is not a readable unencrypted PEM private key');
    }
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa') {
      if ((details.modulusLength ?? 0) < MIN_RSA_BITS) throw new Error(`OpenDSR: an RSA signing key needs at least ${MIN_RSA_BITS} bits`);
      return key;
    }
    if (key.asymmetricKeyType === 'ec') {
      if (!EC_CURVES.includes(details.namedCurve ?? '')) throw new Error(`OpenDSR: an EC signing key must be on ${EC_CURVES.join(', ')}`);
      return key;
    }
    throw new Error('OpenDSR: the signing key must be RSA or EC (FIPS 186-4)');
  }

  /** Base64 signature of SHA-256 over `body`, exactly the bytes that are sent. */
  sign(body: Buffer): string {
    const pss = this.key.asymmetricKeyType === 'rsa' && this.rsaPadding === 'pss';
    const signature = pss
      ? sign('sha256', body, { key: this.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
      : sign('sha256', body, this.key);
    return signature.toString('base64');
  }

  /**
   * The signature headers of §8.3 / §8.6, under their 2.0 names and their 1.0 names (§10.1),
   * so that a controller reading either finds them.
   */
  signatureHeaders(body: Buffer): Record<string, string> {
    const signature = this.sign(body);
    return {
      [OPENDSR_HEADERS.processorDomain]: this.processorDomain,
      [OPENDSR_HEADERS.signature]: signature,
      [OPENGDPR_HEADERS.processorDomain]: this.processorDomain,
      [OPENGDPR_HEADERS.signature]: signature,
    };
  }
}
