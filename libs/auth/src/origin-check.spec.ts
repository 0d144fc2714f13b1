import { Request } from 'express';
import { fromTrustedOrigin } from './origin-check';

const request = (method: string, headers: Record<string, string>) =>
  ({ method, protocol: 'http', headers: { host: '127.0.0.1:3004', ...headers } }) as unknown as Request;

describe('the Origin check of requests a browser may send with credentials of its own', () => {
  it('lets through reads, the service’s own origin, configured origins and clients that are not browsers', () => {
    expect(fromTrustedOrigin(request('GET', { origin: 'https://evil.example' }), [])).toBe(true);
    expect(fromTrustedOrigin(request('POST', { origin: 'http://127.0.0.1:3004' }), [])).toBe(true);
    expect(fromTrustedOrigin(request('POST', { origin: 'https://backoffice.example' }), ['https://backoffice.example'])).toBe(true);
    expect(fromTrustedOrigin(request('POST', {}), [])).toBe(true);
    expect(fromTrustedOrigin(request('POST', { 'sec-fetch-site': 'same-origin' }), [])).toBe(true);
  });

  it('refuses state changes from another site, an opaque origin, or a cross-site fetch without Origin', () => {
    expect(fromTrustedOrigin(request('POST', { origin: 'https://evil.example' }), ['https://backoffice.example'])).toBe(false);
    expect(fromTrustedOrigin(request('DELETE', { origin: 'null' }), [])).toBe(false);
    expect(fromTrustedOrigin(request('PUT', { 'sec-fetch-site': 'cross-site' }), [])).toBe(false);
  });
});
