/**
 * How big each scenario is. `--quick` keeps the whole run within about ten minutes on two cores; the
 * full plan stays under half an hour. Sizes are bounded by the sandbox: one process may open 20,000
 * files, so the idle scenario holds 19,000 connections at most (the server needs a few descriptors of
 * its own).
 */
export interface BenchPlan {
  quick: boolean;
  /** Load-generator processes; each holds its share of the clients. */
  generators: number;
  verify: { runs: number; durationMs: number };
  storm: { clients: number; window: number; runs: number };
  idle: { clients: number; runs: number; heartbeatWindowMs: number };
  kick: { users: number; lanes: number; runs: number };
  reconnect: { clients: number; runs: number };
  messages: {
    pairs: number;
    rate: number;
    durationMs: number;
    runs: number;
    /** Longest wait for stragglers after a run's last send. */
    graceMs: number;
  };
  /**
   * The rising message rates that find each server's highest sustained rate, the same for Parley, the
   * baselines and every Parley backend, so their ceilings can be divided. From far below what
   * PostgreSQL manages to above what bare `ws` does on two cores; it stops at the first rate not
   * sustained, so the top costs nothing unless it is reached.
   */
  ramp: { rates: number[]; stepMs: number };
  /**
   * One Parley process against `--workers 2`, both on PostgreSQL + Redis (and the default SQLite
   * process beside them): the login storm with `clients`, then the message ramp.
   */
  workers: { clients: number; runs: number };
  /**
   * Group fan-out: one message at a time to a Work group with `members`, `online` of them logged in,
   * and to an AVChatRoom of `roomMembers`, all online (each joined by its own client); `broadcasts`
   * timed messages per run, each waited for until every online member has it (or `timeoutMs`).
   */
  groups: {
    members: number;
    online: number;
    roomMembers: number;
    broadcasts: number;
    runs: number;
    timeoutMs: number;
  };
  /**
   * Status fan-out: `users` watched users, each watched by 50 online watchers holding `perWatcher`
   * subscriptions each; each run every watched user logs in and, `holdMs` later, out, `rate` logins
   * plus logouts per second; the watchers' notifications are awaited up to `timeoutMs`.
   */
  /** Offline push: `recipients` offline iPhones pushed to through REST, handed to a stand-in APNs. */
  push: { recipients: number; runs: number };
  status: {
    users: number;
    perWatcher: number;
    rate: number;
    holdMs: number;
    runs: number;
    timeoutMs: number;
  };
  /**
   * Uploads (issue 15): `clients` users each upload one image of about `imageBytes` at once, `runs`
   * bursts after a warm-up one, to Parley (tus) and to a plain fastify server writing to disk.
   */
  uploads: { clients: number; imageBytes: number; runs: number; timeoutMs: number };
}

/** Largest factor between two rates of the ramp: coarser cannot tell 0.3× from 0.9× (issue 11). */
export const RAMP_MAX_FACTOR = 1.5;

/** 1, 1.5, 2, 3, 4, 6, 8 (then 10): no neighbours more than 1.5× apart, and round numbers to read. */
const RAMP_MANTISSAS = [1, 1.5, 2, 3, 4, 6, 8];

/** The rates of the 1–1.5–2–3–4–6–8 series from `from` to `to` (both included when on the series). */
export function rampRates(from: number, to: number): number[] {
  const rates: number[] = [];
  for (let power = 10 ** Math.floor(Math.log10(from)); power <= to; power *= 10) {
    for (const m of RAMP_MANTISSAS) {
      const rate = Math.round(m * power);
      if (rate >= from && rate <= to) rates.push(rate);
    }
  }
  return rates;
}

export const QUICK_PLAN: BenchPlan = {
  quick: true,
  generators: 2,
  verify: { runs: 3, durationMs: 1_000 },
  storm: { clients: 4_000, window: 100, runs: 3 },
  idle: { clients: 2_000, runs: 2, heartbeatWindowMs: 2_000 },
  kick: { users: 200, lanes: 4, runs: 3 },
  reconnect: { clients: 1_000, runs: 2 },
  messages: {
    pairs: 200,
    rate: 5_000,
    durationMs: 2_000,
    runs: 2,
    graceMs: 2_000,
  },
  ramp: { rates: rampRates(100, 100_000), stepMs: 1_500 },
  workers: { clients: 2_000, runs: 2 },
  // The Work group at the size (only 2,000 log in); the room at half, since logging 10,000
  // members in and joining them is most of the scenario's time. Ratios are judged at these sizes.
  groups: { members: 5_000, online: 2_000, roomMembers: 5_000, broadcasts: 8, runs: 2, timeoutMs: 10_000 },
  // A tenth of the 10,000 watched users, each still watched by 50; the rate is the issue's.
  status: { users: 1_000, perWatcher: 100, rate: 500, holdMs: 1_000, runs: 2, timeoutMs: 10_000 },
  // The 50 clients and 1 MB images: a burst takes seconds, so quick keeps the full size.
  uploads: { clients: 50, imageBytes: 1_000_000, runs: 3, timeoutMs: 120_000 },
  // The 10,000 offline recipients: cheap enough for the quick plan too.
  push: { recipients: 10_000, runs: 1 },
};

export const FULL_PLAN: BenchPlan = {
  quick: false,
  generators: 2,
  verify: { runs: 5, durationMs: 3_000 },
  storm: { clients: 10_000, window: 100, runs: 5 },
  idle: { clients: 19_000, runs: 3, heartbeatWindowMs: 5_000 },
  kick: { users: 1_000, lanes: 4, runs: 5 },
  reconnect: { clients: 10_000, runs: 3 },
  messages: {
    pairs: 500,
    rate: 5_000,
    durationMs: 5_000,
    runs: 3,
    graceMs: 5_000,
  },
  ramp: { rates: rampRates(100, 100_000), stepMs: 3_000 },
  workers: { clients: 10_000, runs: 3 },
  groups: { members: 5_000, online: 2_000, roomMembers: 10_000, broadcasts: 30, runs: 3, timeoutMs: 15_000 },
  // The 10,000 users watched by 50 each: 5,000 watchers with 100 subscriptions each.
  status: { users: 10_000, perWatcher: 100, rate: 500, holdMs: 1_000, runs: 3, timeoutMs: 15_000 },
  uploads: { clients: 50, imageBytes: 1_000_000, runs: 5, timeoutMs: 120_000 },
  push: { recipients: 10_000, runs: 3 },
};
