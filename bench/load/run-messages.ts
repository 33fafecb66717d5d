/**
 * The one-to-one message task: pairs of logged-in users, the first of each pair sending to the second
 * at a fixed total rate. The latency is from the send to the receiver's push, both ends in this
 * process, so one monotonic clock times both; messages are matched by msgID.
 */
import { sourceAddress } from './addresses.js';
import { BenchClient } from './client.js';
import { cpuMeter, monoNow, sleep } from './clock.js';
import { forEachLimited } from './limited.js';
import { messageWire } from './message-wire.js';
import { pace } from './pacer.js';
import type { MessagesResult, Task } from './tasks.js';
import { makeUsers } from './tickets.js';

type MessagesTask = Extract<Task, { type: 'messages' }>;

export async function runMessages(task: MessagesTask): Promise<MessagesResult> {
  const wire = messageWire(task.target.kind);
  const clients = makeUsers(task.target, task.users).map(
    (user) => new BenchClient(task.target, user.userID, user.ticket, sourceAddress(user.index)),
  );
  await forEachLimited(clients.length, 100, monoNow() + 30_000, async (i) => {
    await (clients[i] as BenchClient).login(false);
  });
  const pairs: [BenchClient, BenchClient][] = [];
  for (let i = 0; i + 1 < clients.length; i += 2) {
    const pair: [BenchClient, BenchClient] = [clients[i] as BenchClient, clients[i + 1] as BenchClient];
    if (pair[0].loggedIn && pair[1].loggedIn) pairs.push(pair);
  }
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let refused = 0;
  for (const [sender, receiver] of pairs) {
    if (receiver.socket) {
      receiver.socket.onPush = (push) => {
        for (const msgID of wire.delivered(push)) {
          const at = sentAt.get(msgID);
          if (at === undefined) continue;
          // Counted once: a redelivery (resync) must not shorten the tail.
          sentAt.delete(msgID);
          latencies.push(monoNow() - at);
        }
      };
    }
    if (sender.socket) {
      sender.socket.onUnawaitedReply = (reply) => {
        if (reply.code !== 0) refused += 1;
      };
    }
  }
  const meter = cpuMeter();
  const { sent } = await pace(pairs.length === 0 ? 0 : task.rate, task.durationMs, (k) => {
    const [sender, receiver] = pairs[k % pairs.length] as [BenchClient, BenchClient];
    const msgID = `${sender.userID}-${k}`;
    sentAt.set(msgID, monoNow());
    sender.socket?.send(wire.op, wire.request(receiver.userID, msgID));
  });
  // Stragglers get `graceMs` to arrive; a server that keeps up ends the wait at once. The next run
  // must not start on top of this one's backlog, which is also why the wait is generous.
  const graceEnds = monoNow() + task.graceMs;
  while (latencies.length < sent && monoNow() < graceEnds) await sleep(10);
  const cpu = meter();
  const received = latencies.length;
  // Closed, not logged out: these users are never used again, and a backlogged server would make
  // every logout wait its turn.
  for (const client of clients) client.close();
  return { type: 'messages', latencies: Float64Array.from(latencies), sent, received, refused, cpu };
}
