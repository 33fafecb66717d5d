/**
 * How big each scenario is. `--quick` keeps the whole run under three minutes on two cores; the full
 * plan stays under twenty. Sizes are bounded by the sandbox: one process may open 20,000 files, so the
 * idle scenario holds 19,000 connections at most (the server needs a few descriptors of its own).
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
    /** Rising rates, from below what a store-everything server may manage to above the bare floor. */
    ramp: number[];
    rampStepMs: number;
    /** Longest wait for stragglers after a run's last send. */
    graceMs: number;
  };
  /**
   * One Parley process against `--workers 2`, both on PostgreSQL + Redis (and the default SQLite
   * process beside them): the login storm with `clients`, then a ramp of message rates, finer than
   * the messages scenario's so the two highest sustained rates can be told apart.
   */
  workers: { clients: number; runs: number; ramp: number[]; rampStepMs: number };
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
    ramp: [1_000, 5_000, 20_000, 40_000],
    rampStepMs: 1_500,
    graceMs: 2_000,
  },
  workers: {
    clients: 2_000,
    runs: 2,
    ramp: [250, 500, 1_000, 1_500, 2_000, 3_000, 4_000, 6_000, 8_000, 12_000],
    rampStepMs: 1_500,
  },
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
    ramp: [1_000, 2_500, 5_000, 10_000, 20_000, 30_000, 40_000, 60_000, 80_000],
    rampStepMs: 3_000,
    graceMs: 5_000,
  },
  workers: {
    clients: 10_000,
    runs: 3,
    ramp: [250, 500, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000, 6_000, 8_000, 10_000, 12_000, 16_000, 20_000],
    rampStepMs: 3_000,
  },
};
