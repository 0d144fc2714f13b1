import ipaddr from 'ipaddr.js';
import { lookup } from 'node:dns/promises';

/** Whether an IP address is one the public Internet routes: not loopback, private, link-local, reserved… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** The host of a URL as an address, when it is an IP literal (`[::1]` without its brackets). */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(bare) ? bare : undefined;
}

/**
 * Why a callback URL's host is refused before any lookup, or undefined: an IP literal outside the
 * public ranges, or a name that means this machine. Checked when a request is submitted.
 */
export function callbackHostProblem(hostname: string): string | undefined {
  const literal = literalAddress(hostname);
  if (literal !== undefined) return isPublicAddress(literal) ? undefined : 'points to a loopback or private address';
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'points to a loopback or private address';
  return undefined;
}

/**
 * The same, when a callback is sent: the host's name is resolved, and every address it resolves to
 * must be public, so that a name pointed at an internal address after submission reaches nothing.
 */
export async function resolvedCallbackHostProblem(
  hostname: string,
  resolve: (hostname: string) => Promise<{ address: string }[]> = (name) => lookup(name, { all: true, verbatim: true }),
): Promise<string | undefined> {
  const literal = callbackHostProblem(hostname);
  if (literal) return literal;
  if (literalAddress(hostname) !== undefined) return undefined;
  let addresses: { address: string }[];
  try {
    addresses = await resolve(hostname);
  } catch {
    return 'does not resolve';
  }
  return addresses.every(({ address }) => isPublicAddress(address)) ? undefined : 'resolves to a loopback or private address';
}
