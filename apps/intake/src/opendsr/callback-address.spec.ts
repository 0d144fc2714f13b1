import { callbackHostProblem, isPublicAddress, resolvedCallbackHostProblem } from './callback-address';
import { callbackUrlProblem } from './opendsr-request.validation';

describe('OpenDSR callback addresses', () => {
  it('tells public addresses from loopback, private, link-local and reserved ones, IPv4-mapped included', () => {
    expect(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'].map(isPublicAddress)).toEqual([true, true]);
    const internal = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ];
    expect(internal.filter(isPublicAddress)).toEqual([]);
  });

  it('refuses at submission a URL whose host is an internal literal or this machine, unless private callbacks are allowed', () => {
    for (const url of [
      'https://127.0.0.1/cb',
      'https://[::1]/cb',
      'https://169.254.169.254/latest',
      'https://localhost:8443/cb',
      'https://api.localhost/cb',
    ]) {
      expect([url, callbackUrlProblem(url, false, false)]).toEqual([url, 'points to a loopback or private address']);
      expect(callbackUrlProblem(url, false, true)).toBeUndefined();
    }
    expect(callbackUrlProblem('https://callbacks.example.com/opendsr', false, false)).toBeUndefined();
    expect(callbackUrlProblem('http://callbacks.example.com/opendsr', false, false)).toBe('is not https');
    expect(callbackHostProblem('callbacks.example.com')).toBeUndefined();
  });

  it('checks again when sending: a name resolving to any internal address is refused', async () => {
    const dns: Record<string, string[]> = { 'rebound.example': ['93.184.215.14', '10.0.0.5'], 'public.example': ['93.184.215.14'] };
    const resolve = async (name: string) => {
      if (!dns[name]) throw new Error('ENOTFOUND');
      return dns[name].map((address) => ({ address }));
    };
    expect(await resolvedCallbackHostProblem('rebound.example', resolve)).toBe('resolves to a loopback or private address');
    expect(await resolvedCallbackHostProblem('public.example', resolve)).toBeUndefined();
    expect(await resolvedCallbackHostProblem('nowhere.example', resolve)).toBe('does not resolve');
    expect(await resolvedCallbackHostProblem('127.0.0.1', resolve)).toBe('points to a loopback or private address');
  });
});
