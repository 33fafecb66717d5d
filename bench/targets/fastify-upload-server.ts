/**
 * The uploads baseline: plain fastify that streams each `POST /upload` body to a new file on disk and
 * answers with the bytes written. No login, no token, no type check, no thumbnails: the floor for
 * receiving a file over HTTP in Node, which Parley's tus uploads are compared with. Run as its own
 * process: `node fastify-upload-server.js <port> <directory>`.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';
import { listeningLine } from './directory.js';

const port = Number(process.argv[2] ?? 0);
const directory = process.argv[3];
if (!directory) throw new Error('usage: fastify-upload-server.js <port> <directory>');

const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024 });
// The body stays a stream for the handler to write, never buffered whole.
app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

app.post('/upload', async (request) => {
  const file = createWriteStream(join(directory, randomUUID()));
  await pipeline(request.body as Readable, file);
  return { size: file.bytesWritten };
});

const address = await app.listen({ host: '127.0.0.1', port });
console.log(listeningLine(Number(new URL(address).port)));
