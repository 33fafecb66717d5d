/**
 * A client-side look inside a ticket (UserSig, TLS-sig v2 text format, login.md §2.4), only to learn
 * when it expires: the SDK refuses an expired ticket with 6206 without a round trip, and stops
 * reconnecting once the cached ticket has expired. The signature is the server's business; a ticket
 * this cannot read is sent anyway and the server answers for it.
 *
 * Portable on purpose (browsers, React Native, Node): its own base64 decoder and fflate's inflate.
 */
import { strFromU8, unzlibSync } from 'fflate';

/** What the SDK reads from a ticket. */
export interface TicketPeek {
  identifier: string | undefined;
  sdkAppID: number | undefined;
  /** Signing time, Unix seconds. */
  issuedAt: number;
  /** Last valid second, Unix seconds (`TLS.time + TLS.expire`; valid while `now <= expireAt`). */
  expireAt: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

/** Standard base64 (padding optional) to bytes; undefined on a character outside the alphabet. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let buffered = 0;
  let written = 0;
  for (const char of body) {
    const value = BASE64_VALUE.get(char);
    if (value === undefined) return undefined;
    bits = (bits << 6) | value;
    buffered += 6;
    if (buffered >= 8) {
      buffered -= 8;
      out[written++] = (bits >> buffered) & 0xff;
    }
  }
  return out;
}

function readSeconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Reads a ticket's identity and validity, or undefined when it is not a readable v2 ticket. */
export function peekTicket(ticket: string): TicketPeek | undefined {
  const bytes = decodeBase64(ticket.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='));
  if (!bytes) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(strFromU8(unzlibSync(bytes)));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const fields = doc as Record<string, unknown>;
  const issuedAt = readSeconds(fields['TLS.time']);
  const expire = readSeconds(fields['TLS.expire']);
  if (issuedAt === undefined || expire === undefined) return undefined;
  const identifier = fields['TLS.identifier'];
  const sdkAppID = readSeconds(fields['TLS.sdkappid']);
  return {
    identifier: typeof identifier === 'string' ? identifier : undefined,
    sdkAppID,
    issuedAt,
    expireAt: issuedAt + expire,
  };
}

/** True when a ticket that expires at `expireAt` (Unix seconds) is no longer valid at `nowMs`. */
export function isExpired(expireAt: number, nowMs: number): boolean {
  return Math.floor(nowMs / 1000) > expireAt;
}
