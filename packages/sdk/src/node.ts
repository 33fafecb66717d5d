/**
 * The Node entry of `@parley/sdk` (the `node` export condition): Node 20 has no global WebSocket, so
 * this registers the `ws` package as the default constructor, then exports the same API as the
 * browser entry.
 */
import { WebSocket } from 'ws';
import { setDefaultWebSocket } from './transport.js';

setDefaultWebSocket(WebSocket);

export * from './index.js';
