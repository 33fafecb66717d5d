/**
 * Whether a host is this machine's loopback: demo mode is refused on any other listening address,
 * and its routes answer only requests addressed to a loopback name (http/demo.ts).
 */
import { isIP } from 'node:net';

/** `localhost` (and its subdomains, which resolve to loopback by RFC 6761), 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name) || /^(0+:){7}0*1$/.test(name);
  return false;
}

/** The host name of a `Host` header (`name`, `name:port`, `[v6]` or `[v6]:port`). */
export function hostOfHeader(header: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(header);
  if (bracketed) return `[${bracketed[1]}]`;
  const colon = header.lastIndexOf(':');
  return colon < 0 ? header : header.slice(0, colon);
}
