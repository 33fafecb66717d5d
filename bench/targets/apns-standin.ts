/**
 * A stand-in APNs for the push scenario: an HTTP/2 TLS server on loopback with a self-signed
 * certificate made with openssl at start (Parley trusts it through the provider's `--ca-file`),
 * answering 200 to every push and noting when each device token's push arrived.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ApnsStandIn {
  readonly url: string;
  /** The `.p8` key and the certificate to trust, for `parley app push add`. */
  readonly keyFile: string;
  readonly caFile: string;
  /** Arrival time (ms, `performance.timeOrigin`-based wall clock) of each push, by device token. */
  readonly arrivals: Map<string, number[]>;
  close(): Promise<void>;
}

export async function startApnsStandIn(): Promise<ApnsStandIn> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-apns-'));
  const caFile = join(dir, 'cert.pem');
  const tlsKey = join(dir, 'tls-key.pem');
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
      tlsKey,
      '-out',
      caFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const keyFile = join(dir, 'AuthKey.p8');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const arrivals = new Map<string, number[]>();
  const server = http2.createSecureServer({ cert: readFileSync(caFile), key: readFileSync(tlsKey) });
  server.on('stream', (stream, headers) => {
    stream.resume();
    stream.on('end', () => {
      const token = String(headers[':path'] ?? '').replace('/3/device/', '');
      const list = arrivals.get(token) ?? [];
      list.push(Date.now());
      arrivals.set(token, list);
      stream.respond({ ':status': 200 });
      stream.end();
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    url: `https://127.0.0.1:${port}`,
    keyFile,
    caFile,
    arrivals,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
