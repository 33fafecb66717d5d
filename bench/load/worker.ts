/**
 * A load-generator process, forked by the orchestrator. It runs the tasks it is handed (one at a
 * time, except a group broadcast's send beside its wait) and keeps held connections between tasks
 * (idle capacity, reconnect storm, group members). It exits when the orchestrator goes
 * away, and by itself after a hard time limit, so a crashed run never leaves it behind.
 */
import type { BenchClient } from './client.js';
import { cpuMeter, monoNow, sleep } from './clock.js';
import { ResumeTracker } from './reconnect.js';
import { runConnect } from './run-connect.js';
import { runGroupAwait, runGroupJoin, runGroupRelease, runGroupSend } from './run-group.js';
import { runHeartbeat } from './run-heartbeat.js';
import { runKick } from './run-kick.js';
import { runMessages } from './run-messages.js';
import {
  runStatusArm,
  runStatusChurn,
  runStatusCollect,
  runStatusRelease,
  runStatusWatch,
} from './run-status.js';
import { runUploadBurst, runUploadPrepare, runUploadRelease } from './run-upload.js';
import type { FromWorker, ResumeResult, Task, TaskResult, ToWorker } from './tasks.js';

/** Longer than a full bench run; only a leaked generator ever reaches it. */
const HARD_LIMIT_MS = 30 * 60_000;

const held: BenchClient[] = [];
let tracker = new ResumeTracker();

async function awaitResume(deadlineMs: number): Promise<ResumeResult> {
  const meter = cpuMeter();
  const until = monoNow() + deadlineMs;
  while (tracker.back.size + tracker.failed.size < held.length && monoNow() < until) await sleep(20);
  return {
    type: 'awaitResume',
    backAt: Float64Array.from(tracker.back.values()),
    missing: held.length - tracker.back.size,
    attempts: tracker.attempts,
    refused: tracker.refused,
    firstError: tracker.firstError,
    cpu: meter(),
  };
}

function release(): TaskResult {
  const closed = held.length;
  for (const client of held.splice(0)) client.close();
  tracker = new ResumeTracker();
  return { type: 'release', closed };
}

function run(task: Task): Promise<TaskResult> | TaskResult {
  switch (task.type) {
    case 'connect':
      if (task.reconnect) tracker = new ResumeTracker(task.syncAfterResume ?? false);
      return runConnect(task, held, tracker);
    case 'heartbeat':
      return runHeartbeat(task, held);
    case 'awaitResume':
      return awaitResume(task.deadlineMs);
    case 'release':
      return release();
    case 'kick':
      return runKick(task);
    case 'messages':
      return runMessages(task);
    case 'groupJoin':
      return runGroupJoin(task);
    case 'groupSend':
      return runGroupSend(task);
    case 'groupAwait':
      return runGroupAwait(task);
    case 'groupRelease':
      return runGroupRelease(task);
    case 'statusWatch':
      return runStatusWatch(task);
    case 'statusArm':
      return runStatusArm(task);
    case 'statusChurn':
      return runStatusChurn(task);
    case 'statusCollect':
      return runStatusCollect(task);
    case 'statusRelease':
      return runStatusRelease(task);
    case 'uploadPrepare':
      return runUploadPrepare(task);
    case 'uploadBurst':
      return runUploadBurst(task);
    case 'uploadRelease':
      return runUploadRelease(task);
  }
}

const reply = (message: FromWorker) => process.send?.(message);

process.on('message', (message: ToWorker) => {
  Promise.resolve()
    .then(() => run(message.task))
    .then(
      (result) => reply({ seq: message.seq, ok: true, result }),
      (err: unknown) =>
        reply({
          seq: message.seq,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
});
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(2), HARD_LIMIT_MS).unref();
reply({ ready: true });
