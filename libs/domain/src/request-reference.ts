import { randomInt } from 'node:crypto';

// No 0/O or 1/I: references are read aloud and typed from letters.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A short human-readable request reference, e.g. DSAR-7K3F-Q9ZD. */
export function newRequestReference(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `DSAR-${group()}-${group()}`;
}
