/**
 * Test tickets in the TLS-sig v2 text format (login.md §2.4), with a dummy signature: the fake server
 * checks none. Built here rather than with @parley/usersig to keep the SDK tests self-contained.
 */
import { deflateSync, inflateSync } from 'node:zlib';

export interface TicketFields {
  userID: string;
  sdkAppID?: number;
  /** Validity in seconds from `time`. Default one day. */
  expire?: number;
  /** Signing time, Unix seconds. Default now. */
  time?: number;
}

export function makeTicket({ userID, sdkAppID = 1400000001, expire = 86_400, time }: TicketFields): string {
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': userID,
    'TLS.sdkappid': sdkAppID,
    'TLS.expire': expire,
    'TLS.time': time ?? Math.floor(Date.now() / 1000),
    'TLS.sig': 'x',
  };
  return deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_');
}

/** The expiry (Unix seconds) inside a test ticket, or undefined when it is not one. */
export function ticketExpireAt(ticket: string): number | undefined {
  try {
    const raw = Buffer.from(ticket.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
    const doc = JSON.parse(inflateSync(raw).toString('utf8')) as Record<string, number>;
    const time = doc['TLS.time'];
    const expire = doc['TLS.expire'];
    return typeof time === 'number' && typeof expire === 'number' ? time + expire : undefined;
  } catch {
    return undefined;
  }
}
