import fc from 'fast-check';

/** One generated HTTP exchange, described as data so that a failure prints what was sent. */
export interface FuzzCase {
  family: string;
  /** The service it is sent to, where a suite fuzzes several. */
  service?: string;
  /** What was generated, in a few words (the mutation applied, the header at fault, ...). */
  label: string;
  /** supertest for ordinary requests; node:http for literal request targets; a socket for broken framing. */
  transport: 'supertest' | 'http' | 'raw';
  method: string;
  path: string;
  headers: [string, string | string[]][];
  body?: Buffer;
  /** The bytes written on the socket, for the raw transport. */
  raw?: Buffer;
  /** The JSON value the app parses from this request (the body, or the staff form's `request` field). */
  json?: unknown;
  staff?: boolean;
  /** The request may be refused by Node's HTTP parser before the app sees it (bare 400/431, no problem+json). */
  httpLayerMayReject?: boolean;
}

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

export function printableBytes(bytes: Buffer | undefined, max = 600): string {
  if (!bytes) return '(none)';
  const text = bytes.toString('latin1');
  return clip(JSON.stringify(text), max);
}

export function describeCase(c: FuzzCase): string {
  return [
    `family:  ${c.family} (${c.label})`,
    `request: ${c.method} ${clip(c.path, 300)} via ${c.transport}`,
    `headers: ${clip(JSON.stringify(c.headers), 600)}`,
    c.raw ? `raw:     ${printableBytes(c.raw)}` : `body:    ${printableBytes(c.body)}`,
  ].join('\n');
}

/** Attaches a short description for fast-check's counterexample output (bodies can be 100 kB). */
export function fuzzCase(c: FuzzCase): FuzzCase {
  Object.defineProperty(c, fc.toStringMethod, { value: () => describeCase(c), enumerable: false });
  return c;
}
