import { hashSync } from 'bcryptjs';
import { ApiKeyStrategy, parseApiKeys } from './api-key.strategy';
import { LocalAccountStrategy, parseLocalAccounts } from './local-account.strategy';
import { rolesFrom } from './oidc-jwt.strategy';
import { hasRole } from './roles.guard';
import { hashToken, mayActFor, StaffTokenStrategy } from './staff-token.strategy';

const basic = (user: string, password: string) =>
  ({ headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } }) as never;

describe('staff roles', () => {
  it('lets admin do anything, and a role only what needs it', () => {
    expect(hasRole({ kind: 'staff', tokenId: 'a', roles: ['admin'] }, ['dpo'])).toBe(true);
    expect(hasRole({ kind: 'staff', tokenId: 'a', roles: ['dpo'] }, ['dpo'])).toBe(true);
    expect(hasRole({ kind: 'staff', tokenId: 'a', roles: ['staff'] }, ['dpo'])).toBe(false);
    expect(hasRole(undefined, ['dpo'])).toBe(false);
  });

  it('gives a static staff token every role, as before roles existed', () => {
    const token = 'a-static-token';
    const principal = new StaffTokenStrategy([hashToken(token)]).validate(token);
    expect(principal && hasRole(principal, ['dpo'])).toBe(true);
  });

  it('scopes a staff member to their controllers, or to all when none is named', () => {
    expect(mayActFor({ controllers: ['demo'] }, 'demo')).toBe(true);
    expect(mayActFor({ controllers: ['demo'] }, 'acme')).toBe(false);
    expect(mayActFor({}, 'acme')).toBe(true);
    expect(mayActFor(undefined, 'acme')).toBe(false);
  });

  it('reads roles from a list or a space-separated claim, ignoring others', () => {
    expect(rolesFrom(['dpo', 'owner'])).toEqual(['dpo']);
    expect(rolesFrom('staff dpo')).toEqual(['staff', 'dpo']);
    expect(rolesFrom(undefined)).toEqual([]);
  });
});

describe('local accounts', () => {
  const hash = hashSync('s3cret', 4);

  it('parses name:roles:hash entries and refuses a bad one without echoing it', () => {
    expect(parseLocalAccounts(`anna:dpo+staff:${hash}`)).toEqual([{ name: 'anna', roles: ['dpo', 'staff'], passwordHash: hash }]);
    expect(parseLocalAccounts(`carla:dpo@demo+acme:${hash}`)[0].controllers).toEqual(['demo', 'acme']);
    expect(() => parseLocalAccounts(`anna:dpo:${hash},bob:root:${hash}`)).toThrow('entry 2');
    expect(() => parseLocalAccounts('anna:dpo:plaintext-password')).not.toThrow(/plaintext-password/);
  });

  it('accepts the right password only', async () => {
    const strategy = new LocalAccountStrategy(parseLocalAccounts(`anna:dpo:${hash}`));
    expect(await strategy.validate(basic('anna', 's3cret'))).toMatchObject({ tokenId: 'local:anna', roles: ['dpo'] });
    expect(await strategy.validate(basic('anna', 'wrong'))).toBe(false);
    expect(await strategy.validate(basic('nobody', 's3cret'))).toBe(false);
    expect(await strategy.validate({ headers: { authorization: 'Bearer x' } } as never)).toBe(false);
  });
});

describe('API keys', () => {
  it('knows keys only by their hash, and refuses anything else', () => {
    const strategy = new ApiKeyStrategy(parseApiKeys(`crm:${hashToken('key-1')}`));
    expect(strategy.validate({ headers: { 'x-api-key': 'key-1' } } as never)).toEqual({ kind: 'system', systemId: 'crm' });
    expect(strategy.validate({ headers: { 'x-api-key': 'key-2' } } as never)).toBe(false);
    expect(strategy.validate({ headers: {} } as never)).toBe(false);
    expect(() => parseApiKeys('crm:not-a-hash')).toThrow('entry 1');
  });
});
