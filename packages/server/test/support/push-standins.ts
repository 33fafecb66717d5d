/**
 * Stand-ins for the push providers, started by the tests on loopback: an HTTP/2 TLS server that
 * speaks the APNs API (a self-signed certificate made with openssl at start; the provider trusts it
 * through its CA option) and checks the ES256 provider token; an HTTP server for FCM v1 and its
 * OAuth2 token endpoint, which checks the RS256 grant; and a webhook receiver. Each records what
 * arrived, and answers per device token as a test tells it.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ApnsRequest {
  token: string;
  /** The status the stand-in answered. */
  status: number;
  topic: string;
  pushType: string;
  /** The `iss` (team ID) and `kid` (key ID) of the provider token. */
  teamID: string;
  keyID: string;
  body: {
    aps: { alert?: { title?: string; body?: string }; badge?: number; sound?: string };
    [key: string]: unknown;
  };
}

export interface FcmRequest {
  project: string;
  message: {
    token: string;
    notification: { title: string; body: string };
    data: Record<string, string>;
    android?: { notification?: Record<string, unknown> };
  };
}

/** An answer for a device token: a status and, for errors, a reason. */
export interface StandInAnswer {
  status: number;
  reason?: string;
}

export interface PushStandIns {
  /** Files for `parley app push add`. */
  readonly files: { apnsKey: string; caCert: string; serviceAccount: string };
  readonly apnsUrl: string;
  readonly fcmUrl: string;
  readonly webhookUrl: string;
  readonly apns: ApnsRequest[];
  readonly fcm: FcmRequest[];
  readonly webhook: Record<string, unknown>[];
  /** OAuth2 grants served. */
  readonly grants: number;
  /** How the APNs stand-in answers this token from now on (200 otherwise). */
  answerApns(token: string, answer: StandInAnswer): void;
  answerFcm(token: string, answer: StandInAnswer): void;
  close(): Promise<void>;
}

const TEAM_ID = 'TEAM123456';
const KEY_ID = 'KEY1234567';

export async function startPushStandIns(): Promise<PushStandIns> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-push-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'tls-key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const apnsKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const apnsKey = join(dir, 'AuthKey.p8');
  writeFileSync(apnsKey, apnsKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const fcmKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const apns: ApnsRequest[] = [];
  const fcm: FcmRequest[] = [];
  const webhook: Record<string, unknown>[] = [];
  const apnsAnswers = new Map<string, StandInAnswer>();
  const fcmAnswers = new Map<string, StandInAnswer>();
  let grants = 0;
  const accessToken = 'stand-in-access-token';

  const apnsServer = http2.createSecureServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) });
  apnsServer.on('stream', (stream, headers) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.on('end', () => {
      const path = String(headers[':path'] ?? '');
      const token = path.startsWith('/3/device/') ? path.slice('/3/device/'.length) : '';
      const jwt = verifiedJwt(
        String(headers.authorization ?? '').replace(/^bearer /, ''),
        apnsKeys.publicKey,
        'ES256',
      );
      if (!jwt) {
        stream.respond({ ':status': 403 });
        stream.end(JSON.stringify({ reason: 'InvalidProviderToken' }));
        return;
      }
      const answer = apnsAnswers.get(token) ?? { status: 200 };
      apns.push({
        token,
        status: answer.status,
        topic: String(headers['apns-topic'] ?? ''),
        pushType: String(headers['apns-push-type'] ?? ''),
        teamID: String(jwt.payload.iss ?? ''),
        keyID: String(jwt.header.kid ?? ''),
        body: JSON.parse(text),
      });
      stream.respond({ ':status': answer.status, 'apns-id': `id-${apns.length}` });
      stream.end(answer.status === 200 ? '' : JSON.stringify({ reason: answer.reason ?? 'BadRequest' }));
    });
  });
  const apnsPort = await listen(apnsServer);

  const fcmServer = http.createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.url === '/token') {
        const form = new URLSearchParams(text);
        const jwt = verifiedJwt(form.get('assertion') ?? '', fcmKeys.publicKey, 'RS256');
        if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !jwt)
          return reply(400, { error: 'invalid_grant' });
        grants++;
        return reply(200, { access_token: accessToken, expires_in: 3600, token_type: 'Bearer' });
      }
      const match = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(request.url ?? '');
      if (!match || request.headers.authorization !== `Bearer ${accessToken}`)
        return reply(401, { error: { status: 'UNAUTHENTICATED' } });
      const body = JSON.parse(text) as { message: FcmRequest['message'] };
      fcm.push({ project: match[1] ?? '', message: body.message });
      const answer = fcmAnswers.get(body.message.token) ?? { status: 200 };
      if (answer.status === 200) return reply(200, { name: `projects/${match[1]}/messages/${fcm.length}` });
      return reply(answer.status, {
        error: { status: 'NOT_FOUND', details: [{ errorCode: answer.reason ?? 'UNREGISTERED' }] },
      });
    });
  });
  const fcmPort = await listen(fcmServer);

  const webhookServer = http.createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => {
      webhook.push({ ...JSON.parse(text), path: request.url });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  const webhookPort = await listen(webhookServer);

  const serviceAccount = join(dir, 'service-account.json');
  writeFileSync(
    serviceAccount,
    JSON.stringify({
      type: 'service_account',
      project_id: 'parley-test',
      client_email: 'push@parley-test.iam.example',
      private_key: fcmKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      token_uri: `http://127.0.0.1:${fcmPort}/token`,
    }),
  );

  return {
    files: { apnsKey, caCert: certFile, serviceAccount },
    apnsUrl: `https://127.0.0.1:${apnsPort}`,
    fcmUrl: `http://127.0.0.1:${fcmPort}`,
    webhookUrl: `http://127.0.0.1:${webhookPort}/push`,
    apns,
    fcm,
    webhook,
    get grants() {
      return grants;
    },
    answerApns: (token, answer) => void apnsAnswers.set(token, answer),
    answerFcm: (token, answer) => void fcmAnswers.set(token, answer),
    async close() {
      await Promise.all(
        [apnsServer, fcmServer, webhookServer].map(
          (server) => new Promise<void>((resolve) => server.close(() => resolve())),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const APNS_TEAM_ID = TEAM_ID;
export const APNS_KEY_ID = KEY_ID;

function listen(server: http.Server | http2.Http2SecureServer): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** A JWT whose signature checks out with `key`, decoded; undefined otherwise. */
function verifiedJwt(
  jwt: string,
  key: KeyObject,
  alg: 'ES256' | 'RS256',
): { header: Record<string, unknown>; payload: Record<string, unknown> } | undefined {
  const [head, body, signature] = jwt.split('.');
  if (!head || !body || !signature) return undefined;
  const data = Buffer.from(`${head}.${body}`);
  const sig = Buffer.from(signature, 'base64url');
  const ok =
    alg === 'ES256'
      ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
      : verify('sha256', data, key, sig);
  if (!ok) return undefined;
  const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as Record<string, unknown>;
  if (header.alg !== alg) return undefined;
  return { header, payload: JSON.parse(Buffer.from(body, 'base64url').toString()) };
}
