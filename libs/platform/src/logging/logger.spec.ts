import { maskPath } from './logger';

describe('maskPath', () => {
  it('keeps the route words and masks ids, tokens, e-mail addresses and the query', () => {
    expect(maskPath('/v1/requests/0e262ca1-9810-4404-b432-c5098c86b911?x=ada@example.org')).toBe('/v1/requests/:id');
    expect(maskPath('/v1/downloads/2f5GQbhXtdYdWZTbddLLwAwACmSFZHkx')).toBe('/v1/downloads/:id');
    expect(maskPath('/v1/mailbox/ada@ex.io')).toBe('/v1/mailbox/:id');
    expect(maskPath('/health')).toBe('/health');
  });
});
