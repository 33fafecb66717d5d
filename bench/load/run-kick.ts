/**
 * The kick task: for each user, device A logs in, then device B logs in as the same user on the same
 * platform ('web', of which the default policy allows one instance); the latency is from B's login
 * frame leaving to A receiving the `kicked` push. `lanes` users are in progress at a time.
 */
import { sourceAddress } from './addresses.js';
import { BenchClient } from './client.js';
import { cpuMeter, monoNow } from './clock.js';
import { forEachLimited } from './limited.js';
import type { KickResult, Task } from './tasks.js';
import { makeUsers } from './tickets.js';

type KickTask = Extract<Task, { type: 'kick' }>;

const KICK_TIMEOUT_MS = 5_000;

export async function runKick(task: KickTask): Promise<KickResult> {
  const users = makeUsers(task.target, task.users);
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  const fail = (why: string) => {
    failures += 1;
    firstError ??= why;
  };
  const meter = cpuMeter();
  const started = await forEachLimited(users.length, task.lanes, monoNow() + task.deadlineMs, async (i) => {
    const user = users[i] as (typeof users)[number];
    const first = new BenchClient(task.target, user.userID, user.ticket, sourceAddress(user.index));
    const second = new BenchClient(task.target, user.userID, user.ticket, sourceAddress(user.index + 1));
    try {
      const a = await first.login(false);
      if (a.reply.code !== 0 || !first.socket) return fail(`first login: ${a.reply.code} ${a.reply.desc}`);
      const socket = first.socket;
      const kickedAt = new Promise<number>((resolve) => {
        const timer = setTimeout(() => resolve(Number.NaN), KICK_TIMEOUT_MS);
        socket.onPush = (push) => {
          if (push.push !== 'kicked') return;
          clearTimeout(timer);
          resolve(monoNow());
        };
      });
      const b = await second.login(false);
      if (b.reply.code !== 0) return fail(`second login: ${b.reply.code} ${b.reply.desc}`);
      const at = await kickedAt;
      if (Number.isNaN(at)) return fail('no kicked push within 5 s');
      latencies.push(at - second.loginSentAt);
    } finally {
      first.close();
      await second.logout();
    }
  });
  failures += users.length - started;
  return { type: 'kick', latencies: Float64Array.from(latencies), failures, firstError, cpu: meter() };
}
