/**
 * A JSON or form POST over node:http/https with a timeout and optional extra trusted CAs (the
 * system's roots stay trusted, as with `NODE_EXTRA_CA_CERTS`). Global fetch takes no CA option.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

export interface PostAnswer {
  status: number;
  body: string;
}

export interface PostOptions {
  headers?: Record<string, string>;
  ca?: string;
  timeoutMs: number;
}

/** Longest reply body read: provider answers are small. */
const MAX_REPLY_BYTES = 64 * 1024;

export function post(url: string, body: string, options: PostOptions): Promise<PostAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-length': String(Buffer.byteLength(body)), ...options.headers },
        timeout: options.timeoutMs,
        ...(options.ca && target.protocol === 'https:' ? { ca: [...rootCertificates, options.ca] } : {}),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < MAX_REPLY_BYTES) text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
