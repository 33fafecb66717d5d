/**
 * Baseline 2, what a Node developer would likely pick instead: Socket.IO with its defaults except
 * the transport (WebSocket only, see socketio-socket.ts) and compression (off, as on the other two).
 * Same behaviour as the bare `ws` baseline. Run as its own process: `node socketio-server.js [port]`.
 */
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { Directory, listeningLine, okReply, readRequest } from './directory.js';

const port = Number(process.argv[2] ?? 0);
const http = createServer();
const io = new Server(http, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  maxHttpBufferSize: 1024 * 1024,
});
const online = new Directory<Socket>();

io.on('connection', (socket) => {
  let userID: string | undefined;
  socket.on('req', (frame: unknown, ack: unknown) => {
    const request = readRequest(frame);
    if (!request || typeof ack !== 'function') return;
    const data = request.data ?? {};
    if (request.op === 'login' && typeof data.userID === 'string') {
      userID = data.userID;
      const displaced = online.login(userID, socket);
      if (displaced) {
        displaced.emit('push', { push: 'kicked', data: { reason: 'multipleAccount' } });
        displaced.disconnect(true);
      }
    } else if (request.op === 'send' && typeof data.to === 'string') {
      online
        .find(data.to)
        ?.emit('push', { push: 'message', data: { from: userID, msgID: data.msgID, text: data.text } });
    }
    ack(okReply(request.id));
  });
  socket.on('disconnect', () => {
    if (userID) online.leave(userID, socket);
  });
});

http.listen(port, '127.0.0.1', () => {
  const address = http.address();
  console.log(listeningLine(typeof address === 'object' && address ? address.port : port));
});
