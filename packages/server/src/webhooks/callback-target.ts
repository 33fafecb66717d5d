/**
 * Which hosts a callback may be posted to. By default any: the callback URL is an app setting that
 * only the app's admin (or the operator) can change, and self-hosted backends often listen on the
 * same machine or network. A server shared by apps whose admins it does not trust runs with
 * `--callback-deny-private`: then a callback whose host resolves to a loopback, private, link-local
 * (169.254.169.254 is where clouds serve instance credentials), unique-local, shared (CGNAT) or
 * unspecified address is not posted, so an app admin cannot make the server call into its network.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** True for an address (v4, v6, or v4-mapped v6) in a loopback, private or link-local range. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return PRIVATE.check(mapped[1], 'ipv4');
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why `url` may not be posted to under `--callback-deny-private`, or `undefined` when it may: every
 * address its host resolves to must be public. (The post resolves the name again; a name that
 * changes its answer in between is the app's own doing, and its admin is the one this guards against
 * only when the answer is stable.)
 */
export async function refusedCallbackTarget(url: URL): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) === 0 ? (await lookup(host, { all: true })).map((a) => a.address) : [host];
  } catch {
    return undefined; // Unresolvable: the post fails on its own, with the resolver's error.
  }
  const refused = addresses.find(isPrivateAddress);
  return refused === undefined
    ? undefined
    : `the callback host ${url.hostname} is a private address (${refused}), refused by --callback-deny-private`;
}
