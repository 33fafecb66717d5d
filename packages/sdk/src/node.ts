/**
 * The Node entry of `@parley/sdk` (the `node` export condition): Node 20 has no global WebSocket, so
 * this registers the `ws` package as the default constructor, then exports the same API as the
 * browser entry.
 */
import { readFile } from 'node:fs/promises';
import { WebSocket } from 'ws';
import { setPathReader } from './client/upload.js';
import { setDefaultWebSocket } from './transport.js';

setDefaultWebSocket(WebSocket);
// Media messages name local files by path in Node.
setPathReader((path) => readFile(path));

export * from './index.js';
