/**
 * Ticket verification per second on one core: `verifyUserSig` in a tight loop over a thousand
 * distinct tickets (so no cache helps), in this process. No baseline has tickets, so only Parley's
 * figure exists; every login pays this cost once.
 */
import { genUserSig, verifyUserSig } from '@parley/usersig';
import type { BenchContext } from '../harness/context.js';
import { ScenarioRecorder } from '../harness/record.js';
import { monoNow } from '../load/clock.js';
import { BENCH_APP } from '../targets/server-process.js';

const TICKETS = 1_000;
/** Far above what one core verifies in a run; only there so the loop is bounded by count too. */
const MAX_ITERATIONS = 50_000_000;
export const VERIFY_FIGURE = 'verifications/s per core';

export async function verifyScenario(ctx: BenchContext): Promise<ScenarioRecorder> {
  const { runs, durationMs } = ctx.plan.verify;
  const recorder = new ScenarioRecorder(
    'verify',
    'Ticket verification',
    `${TICKETS} distinct tickets, ${runs} runs of ${durationMs / 1000} s, one thread`,
  );
  recorder.define(VERIFY_FIGURE, '/s', 'higher');
  const tickets = Array.from({ length: TICKETS }, (_, i) => {
    const userID = `verify${i}`;
    return {
      userID,
      ticket: genUserSig({ sdkAppID: BENCH_APP.sdkAppID, key: BENCH_APP.key, userID, expire: 86_400 }),
    };
  });
  const check = verifyUserSig({
    ticket: tickets[0]?.ticket ?? '',
    sdkAppID: BENCH_APP.sdkAppID,
    key: BENCH_APP.key,
    userID: 'verify0',
  });
  if (!check.ok) {
    recorder.missing('parley', `verifyUserSig refused a fresh ticket: ${check.code} ${check.reason}`);
    return recorder;
  }
  for (let run = 0; run < runs; run++) {
    const t0 = monoNow();
    let count = 0;
    while (count < MAX_ITERATIONS && (count % 256 !== 0 || monoNow() - t0 < durationMs)) {
      const { userID, ticket } = tickets[count % TICKETS] as (typeof tickets)[number];
      verifyUserSig({ ticket, sdkAppID: BENCH_APP.sdkAppID, key: BENCH_APP.key, userID });
      count += 1;
    }
    recorder.add(VERIFY_FIGURE, 'parley', (count / (monoNow() - t0)) * 1000);
    // Yield between runs so the log line and timers get through.
    await new Promise((resolve) => setImmediate(resolve));
  }
  recorder.missing('ws', 'n/a: no tickets');
  recorder.missing('socketio', 'n/a: no tickets');
  return recorder;
}
