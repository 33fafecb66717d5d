/**
 * The connect task: N clients connect and log in with a bounded window in flight (a login storm), then
 * either stay connected for the idle and reconnect scenarios or log out again.
 */
import { sourceAddress } from './addresses.js';
import { BenchClient } from './client.js';
import { cpuMeter, monoNow, wallNow } from './clock.js';
import { forEachLimited } from './limited.js';
import type { ResumeTracker } from './reconnect.js';
import type { ConnectResult, Task } from './tasks.js';
import { makeUsers } from './tickets.js';

type ConnectTask = Extract<Task, { type: 'connect' }>;

export async function runConnect(
  task: ConnectTask,
  held: BenchClient[],
  tracker: ResumeTracker,
): Promise<ConnectResult> {
  const clients = makeUsers(task.target, task.users).map(
    (user) => new BenchClient(task.target, user.userID, user.ticket, sourceAddress(user.index)),
  );
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  const meter = cpuMeter();
  const startedAt = wallNow();
  let endedAt = startedAt;
  const started = await forEachLimited(
    clients.length,
    task.window,
    monoNow() + task.deadlineMs,
    async (i) => {
      const client = clients[i] as BenchClient;
      const { reply, latencyMs } = await client.login(false);
      if (reply.code === 0) {
        latencies.push(latencyMs);
        endedAt = wallNow();
      } else {
        failures += 1;
        firstError ??= `${reply.code} ${reply.desc}`;
        client.close();
      }
    },
  );
  const cpu = meter();
  failures += clients.length - started;
  const inside = clients.filter((c) => c.loggedIn);
  if (task.hold) {
    held.push(...inside);
    if (task.reconnect) for (const client of inside) tracker.arm(client);
  } else {
    await forEachLimited(inside.length, task.window, monoNow() + 30_000, (i) =>
      (inside[i] as BenchClient).logout(),
    );
  }
  return {
    type: 'connect',
    latencies: Float64Array.from(latencies),
    failures,
    firstError,
    startedAt,
    endedAt,
    cpu,
  };
}
