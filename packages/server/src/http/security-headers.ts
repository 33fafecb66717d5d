/**
 * Security headers on every HTTP answer (@fastify/helmet): the demo chat and the console are pages
 * that hold tickets, and the REST API's URLs carry one.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The pages load only their own scripts and styles (Vite builds everything into `dist/`, nothing
 * comes from elsewhere), talk to this server over HTTP and WebSocket, and show avatars from whatever
 * URL an account's `FaceUrl` names.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // The chat colours its avatars with a style attribute.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
  // The SDK's WebSocket; `'self'` alone does not cover ws: in every browser.
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'font-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  // No site may frame the pages (clickjacking the console's Kick or Delete buttons).
  'frame-ancestors': ["'none'"],
} as const;

export const SECURITY_HEADERS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: {
    // Helmet's defaults add `upgrade-insecure-requests`, which would send a page served over plain
    // http://127.0.0.1 looking for its scripts over https.
    useDefaults: false,
    directives: CONTENT_SECURITY_POLICY,
  },
  // Nothing leaks a URL (REST URLs carry the admin's ticket) to another site through Referer.
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  // HTTPS is the TLS terminator's to announce: HSTS from a server reached over plain HTTP on a
  // shared host name would pin every other service of that name to HTTPS for a year.
  strictTransportSecurity: false,
  // Pages embed nothing cross-origin that would need it, and it would break avatars from elsewhere.
  crossOriginEmbedderPolicy: false,
};
