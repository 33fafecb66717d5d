// Test-only helpers that build tickets by hand, independently of src/, so tests can craft hostile,
// tampered or unusual tickets and read the official library's output without trusting our decoder.
import { createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

export const APP = 1400000000;
export const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
export const NOW = 1_700_000_000;

export type Doc = Record<string, unknown>;

export function toTicketText(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

export function fromTicketText(ticket: string): Buffer {
  return Buffer.from(ticket.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
}

/** Any JSON text (or non-JSON text) compressed and encoded as a ticket. */
export function craftTicket(text: string, level = 6): string {
  return toTicketText(deflateSync(Buffer.from(text, 'utf8'), { level }));
}

export function craftDoc(doc: unknown, level = 6): string {
  return craftTicket(JSON.stringify(doc), level);
}

export function readDoc(ticket: string): Doc {
  return JSON.parse(inflateSync(fromTicketText(ticket)).toString('utf8')) as Doc;
}

export interface Signable {
  identifier: string;
  sdkappid: number;
  time: number;
  expire: number;
  userbuf?: string;
}

export function hmac(key: string, f: Signable): string {
  let text = `TLS.identifier:${f.identifier}\nTLS.sdkappid:${f.sdkappid}\nTLS.time:${f.time}\nTLS.expire:${f.expire}\n`;
  if (f.userbuf !== undefined) text += `TLS.userbuf:${f.userbuf}\n`;
  return createHmac('sha256', key).update(text).digest('base64');
}

/** A correctly signed document, built by hand; members in the Go/PHP/Python order. */
export function signedDoc(f: Partial<Signable> = {}, key = KEY): Doc {
  const full: Signable = { identifier: 'alice', sdkappid: APP, time: NOW, expire: 86400, ...f };
  const doc: Doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': full.identifier,
    'TLS.sdkappid': full.sdkappid,
    'TLS.expire': full.expire,
    'TLS.time': full.time,
  };
  if (full.userbuf !== undefined) doc['TLS.userbuf'] = full.userbuf;
  doc['TLS.sig'] = hmac(key, full);
  return doc;
}

/** Deterministic PRNG so failures reproduce. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
const PUNCTUATION = ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** A printable-ASCII UserID of 1-32 characters; every 4th is exactly 32, every 5th is all punctuation. */
export function randomUserID(rand: () => number, i: number): string {
  const length = i % 4 === 0 ? 32 : 1 + Math.floor(rand() * 32);
  const alphabet = i % 5 === 0 ? PUNCTUATION : PRINTABLE;
  let id = '';
  for (let k = 0; k < length; k++) id += alphabet[Math.floor(rand() * alphabet.length)];
  return id;
}

export function randomBytes(rand: () => number, maxLength: number): Uint8Array {
  const bytes = new Uint8Array(Math.floor(rand() * (maxLength + 1)));
  for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rand() * 256);
  return bytes;
}
