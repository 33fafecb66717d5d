/**
 * The heartbeat task: every held client sends `ping` once per interval, the clients' phases spread
 * evenly over the interval as real clients' would be.
 */
import type { BenchClient } from './client.js';
import { cpuMeter } from './clock.js';
import { pace } from './pacer.js';
import type { HeartbeatResult, Task } from './tasks.js';

type HeartbeatTask = Extract<Task, { type: 'heartbeat' }>;

export async function runHeartbeat(
  task: HeartbeatTask,
  held: readonly BenchClient[],
): Promise<HeartbeatResult> {
  const meter = cpuMeter();
  let failures = 0;
  const replies: Promise<void>[] = [];
  const rate = held.length === 0 ? 0 : (held.length * 1000) / task.intervalMs;
  const { sent } = await pace(rate, task.durationMs, (k) => {
    const socket = (held[k % held.length] as BenchClient).socket;
    if (!socket) {
      failures += 1;
      return;
    }
    replies.push(
      socket.request('ping', {}, 5_000).then((reply) => {
        if (reply.code !== 0) failures += 1;
      }),
    );
  });
  await Promise.all(replies);
  return { type: 'heartbeat', pings: sent, failures, cpu: meter() };
}
