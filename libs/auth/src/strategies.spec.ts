import { hashSync } from 'bcryptjs';
import { ApiKeyStrategy, parseApiKeys } from './api-key.strategy';
import { LocalAccountStrategy, parseLocalAccounts } from './local-account.strategy';
import { rolesFrom } from './oidc-jwt.strategy';
import { ControllerScope } from './controller-scope';
import { permissionsOf, PERMISSIONS } from './permissions';
import { hashToken, StaffTokenStrategy } from './staff-token.strategy';

const basic = (user: string, password: string, ip = '192.0.2.1') =>
  ({ ip, headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } }) as never;

describe('staff roles and permissions', () => {
  it('gives admin every permission, the DPO every decision, staff case handling and the auditor reading', () => {
    expect([...permissionsOf({ roles: ['admin'] })].sort()).toEqual([...PERMISSIONS].sort());
    expect(permissionsOf({ roles: ['dpo'] })).toEqual(new Set(PERMISSIONS.filter((p) => p !== 'platform:administer')));
    expect([...permissionsOf({ roles: ['staff'] })].sort()).toEqual([
      'audit:read',
      'manual-tasks:handle',
      'requests:handle',
      'requests:read',
    ]);
    expect([...permissionsOf({ roles: ['auditor'] })].sort()).toEqual(['audit:read', 'requests:read']);
    expect(permissionsOf({ roles: ['staff', 'auditor'] }).has('requests:decide')).toBe(false);
    expect(permissionsOf({}).size).toBe(0);
  });

  it('never lets an account limited to some controllers administer the platform', () => {
    expect(permissionsOf({ roles: ['admin'], controllers: ['demo'] }).has('platform:administer')).toBe(false);
    expect(permissionsOf({ roles: ['admin'], controllers: ['demo'] }).has('requests:decide')).toBe(true);
  });

  it('makes a static staff token an administrator of every controller', () => {
    const token = 'a-static-token';
    const principal = new StaffTokenStrategy([hashToken(token)]).validate(token);
    expect(principal && principal.roles).toEqual(['admin']);
    expect(principal && permissionsOf(principal).has('platform:administer')).toBe(true);
  });

  it('scopes a staff member to their controllers, or to all when none is named', () => {
    expect(ControllerScope.of({ controllers: ['demo'] }).includes('demo')).toBe(true);
    expect(ControllerScope.of({ controllers: ['demo'] }).includes('acme')).toBe(false);
    expect(ControllerScope.of({ controllers: [] }).includes('acme')).toBe(false);
    expect(ControllerScope.of({}).includes('acme')).toBe(true);
    expect(ControllerScope.of({ controllers: ['demo'] }).includes(null)).toBe(false);
    expect(ControllerScope.everyController.includes(null)).toBe(true);
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

  it('locks an account after too many wrong passwords, and an address after twice as many, without checking the password', async () => {
    const strategy = new LocalAccountStrategy(parseLocalAccounts(`anna:dpo:${hash},bea:dpo:${hash}`), { maxFailures: 3, lockSeconds: 60 });
    for (let i = 0; i < 3; i++) expect(await strategy.validate(basic('anna', 'wrong', `198.51.100.${i}`))).toBe(false);
    // Locked: even the right password is refused, from anywhere.
    expect(await strategy.validate(basic('anna', 's3cret', '203.0.113.9'))).toBe(false);
    // Another account from another address is not affected.
    expect(await strategy.validate(basic('bea', 's3cret', '203.0.113.10'))).toMatchObject({ tokenId: 'local:bea' });
    // One address guessing names: locked after 6 attempts, whatever the names.
    for (let i = 0; i < 6; i++) expect(await strategy.validate(basic(`guess${i}`, 'wrong', '203.0.113.66'))).toBe(false);
    expect(await strategy.validate(basic('bea', 's3cret', '203.0.113.66'))).toBe(false);
    expect(await strategy.validate(basic('bea', 's3cret', '203.0.113.67'))).toMatchObject({ tokenId: 'local:bea' });
  });

  it('never locks out a person signed in with the right password, however many requests they send at once', async () => {
    const strategy = new LocalAccountStrategy(parseLocalAccounts(`anna:dpo:${hash}`), { maxFailures: 3, lockSeconds: 60 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => strategy.validate(basic('anna', 's3cret', '198.51.100.7'))));
    expect(answers.every((answer) => answer !== false)).toBe(true);
  });

  it("clears an account's count when the right password is given", async () => {
    const strategy = new LocalAccountStrategy(parseLocalAccounts(`anna:dpo:${hash}`), { maxFailures: 3, lockSeconds: 60 });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expect(await strategy.validate(basic('anna', 'wrong', `198.51.100.${round}`))).toBe(false);
      expect(await strategy.validate(basic('anna', 's3cret', `198.51.100.${round}`))).toMatchObject({ tokenId: 'local:anna' });
    }
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
