import { checkPositiveInteger } from './args.js';
import type { UserSigFailure } from './codes.js';
import { type ParsedDocument, parseDocument, type UserSigFields } from './document.js';
import { decodeTicket } from './encoding.js';
import { DEFAULT_MAX_TICKET_LENGTH, MAX_EXPIRE_SECONDS } from './limits.js';

/** Limits applied while decoding a ticket; the defaults suit real tickets. */
export interface DecodeLimits {
  /** Longest `TLS.expire` accepted, in seconds. Default `MAX_EXPIRE_SECONDS` (50 years). */
  readonly maxExpireSeconds?: number;
  /** Longest ticket text accepted, in characters. Default `DEFAULT_MAX_TICKET_LENGTH` (8192). */
  readonly maxTicketLength?: number;
}

export type DecodeUserSigResult = { readonly ok: true; readonly fields: UserSigFields } | UserSigFailure;

/** Decoding and shape checks shared by `decodeUserSig` and `verifyUserSig`. */
export function readTicket(ticket: unknown, limits: DecodeLimits): ParsedDocument {
  const maxTicketLength = checkPositiveInteger(
    limits.maxTicketLength ?? DEFAULT_MAX_TICKET_LENGTH,
    'maxTicketLength',
  );
  const maxExpireSeconds = checkPositiveInteger(
    limits.maxExpireSeconds ?? MAX_EXPIRE_SECONDS,
    'maxExpireSeconds',
  );
  const decoded = decodeTicket(ticket, maxTicketLength);
  if (!decoded.ok) return decoded;
  return parseDocument(decoded.json, maxExpireSeconds);
}

/**
 * Decodes a ticket and checks the shape of its fields WITHOUT checking the signature, identity or
 * expiry. For tools and diagnostics only: never grant access on its result, use `verifyUserSig`.
 * Applies the same size limits and returns the same codes as `verifyUserSig` for undecodable (70002,
 * 70003) or ill-formed (70005) tickets.
 */
export function decodeUserSig(ticket: string, options: DecodeLimits = {}): DecodeUserSigResult {
  const parsed = readTicket(ticket, options);
  return parsed.ok ? { ok: true, fields: parsed.fields } : parsed;
}
