/**
 * Baseline 1, the floor for a Node WebSocket server: bare `ws`, JSON frames, a reply per request, a
 * push to route a message or announce a kick, and the group broadcast (`joinGroup`, then
 * `sendMessage {groupID}` written to every member: rooms.ts), and status changes (a login or the close
 * of a logged-in connection written to the user's subscribers: watchers.ts). Run as its own process:
 * `node ws-server.js [port]`.
 */
import { type WebSocket, WebSocketServer } from 'ws';
import { Directory, listeningLine, okReply, readRequest } from './directory.js';
import { Rooms } from './rooms.js';
import { Watchers } from './watchers.js';

const port = Number(process.argv[2] ?? 0);
const online = new Directory<WebSocket>();
const rooms = new Rooms<WebSocket>();
const watchers = new Watchers<WebSocket>();
// Same limits as Parley's gateway, so neither side pays for something the other skips.
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  maxPayload: 1024 * 1024,
});

wss.on('connection', (ws) => {
  let userID: string | undefined;
  ws.on('message', (raw) => {
    let request: ReturnType<typeof readRequest>;
    try {
      request = readRequest(JSON.parse(raw.toString()));
    } catch {
      ws.close(1007, 'frame is not JSON');
      return;
    }
    if (!request) return;
    const data = request.data ?? {};
    if (request.op === 'login' && typeof data.userID === 'string') {
      userID = data.userID;
      const displaced = online.login(userID, ws);
      if (displaced) {
        displaced.send(JSON.stringify({ push: 'kicked', data: { reason: 'multipleAccount' } }));
        displaced.close(4001, 'kicked');
      } else {
        watchers.announce(userID, true);
      }
    } else if (request.op === 'subscribeUserStatus' && Array.isArray(data.userIDList)) {
      watchers.subscribe(
        ws,
        data.userIDList.filter((id): id is string => typeof id === 'string'),
      );
    } else if (request.op === 'joinGroup' && typeof data.groupID === 'string') {
      rooms.join(data.groupID, ws);
    } else if (request.op === 'sendMessage' && typeof data.groupID === 'string' && userID) {
      rooms.broadcast(data.groupID, ws, userID, data);
    } else if (request.op === 'send' && typeof data.to === 'string') {
      online
        .find(data.to)
        ?.send(
          JSON.stringify({ push: 'message', data: { from: userID, msgID: data.msgID, text: data.text } }),
        );
    }
    ws.send(JSON.stringify(okReply(request.id)));
  });
  ws.on('close', () => {
    rooms.leave(ws);
    watchers.leave(ws);
    if (userID && online.find(userID) === ws) {
      online.leave(userID, ws);
      watchers.announce(userID, false);
    }
  });
  ws.on('error', () => ws.terminate());
});

wss.on('listening', () => {
  const address = wss.address();
  console.log(listeningLine(typeof address === 'object' && address ? address.port : port));
});
