/**
 * What the orchestrator asks a load-generator process to do, and what it answers. Messages travel
 * over the fork IPC channel with `serialization: 'advanced'`, so sample arrays cross as typed arrays
 * instead of JSON text.
 */

/** The three servers every scenario is run against. */
export type TargetKind = 'ws' | 'socketio' | 'parley';

export interface TargetAddress {
  kind: TargetKind;
  host: string;
  port: number;
  /** The app whose tickets the clients present (baselines ignore them but receive the same bytes). */
  sdkAppID: number;
  key: string;
}

/** A contiguous block of users: `${prefix}${from}` … `${prefix}${from + count - 1}`. */
export interface UserRange {
  prefix: string;
  from: number;
  count: number;
}

/** Processor time this process used while running a task, to show whether the generator starved. */
export interface CpuReport {
  userMs: number;
  systemMs: number;
  wallMs: number;
}

export type Task =
  | {
      type: 'connect';
      target: TargetAddress;
      users: UserRange;
      /** Logins in flight at once in this process; the rest queue, so the accept backlog never overflows. */
      window: number;
      /** Keep the connections (idle, reconnect) or log out and close them once all are in. */
      hold: boolean;
      /** Held clients reconnect and resume by themselves after their socket drops. */
      reconnect: boolean;
      /** Reconnected clients also catch up (`syncEvents`) before they count as back. */
      syncAfterResume?: boolean;
      deadlineMs: number;
    }
  | { type: 'heartbeat'; intervalMs: number; durationMs: number }
  | { type: 'awaitResume'; deadlineMs: number }
  | { type: 'release' }
  | { type: 'kick'; target: TargetAddress; users: UserRange; lanes: number; deadlineMs: number }
  | {
      type: 'messages';
      target: TargetAddress;
      users: UserRange;
      /** Messages per second this process sends, spread over its pairs. */
      rate: number;
      durationMs: number;
      /** Longest wait after the last send for stragglers before counting them undelivered. */
      graceMs: number;
    }
  | {
      type: 'groupJoin';
      /** Names the members held for one group on one server, so two sets can be held at once. */
      set: string;
      target: TargetAddress;
      users: UserRange;
      groupID: string;
      /** Receivers count deliveries; the sender (one user) sends the broadcasts. */
      role: 'receivers' | 'sender';
      /** Send `joinGroup` after the login (AVChatRoom, and every baseline member). */
      join: boolean;
      window: number;
      deadlineMs: number;
    }
  | { type: 'groupSend'; set: string; msgID: string }
  | { type: 'groupAwait'; set: string; msgID: string; timeoutMs: number }
  | { type: 'groupRelease'; set: string }
  | {
      type: 'statusWatch';
      /** Names the watchers held for one target, so two targets' sets can be held at once. */
      set: string;
      target: TargetAddress;
      watchers: UserRange;
      /** The users watched: `${prefix}0` … `${prefix}${count - 1}`. */
      churners: UserRange;
      /** Churners each watcher subscribes to (status-wire.ts `watchedBy`). */
      perWatcher: number;
      window: number;
      deadlineMs: number;
    }
  /** Clears the arrivals before a run; every watcher expects this many events in it. */
  | { type: 'statusArm'; set: string; expectedPerWatcher: number }
  | {
      type: 'statusChurn';
      target: TargetAddress;
      /** This process's share of the churners; each logs in once and out once. */
      churners: UserRange;
      /** Logins plus logouts per second, this process's share. */
      rate: number;
      /** How long each churner stays logged in. */
      holdMs: number;
    }
  | { type: 'statusCollect'; set: string; timeoutMs: number }
  | { type: 'statusRelease'; set: string }
  | {
      type: 'uploadPrepare';
      /** Names the uploaders held for one server, so a warm-up and the runs can reuse them. */
      set: string;
      server: UploadServer;
      users: UserRange;
      /** The image every client uploads (written once by the orchestrator). */
      imagePath: string;
      deadlineMs: number;
    }
  /** Every held uploader uploads the image once, all at the same moment. */
  | { type: 'uploadBurst'; set: string; timeoutMs: number }
  | { type: 'uploadRelease'; set: string };

/**
 * Where a burst of uploads goes: Parley (each client logs in over WebSocket, takes an upload token,
 * then uploads with tus) or the plain fastify baseline (one POST per file, written to disk).
 */
export type UploadServer =
  | {
      kind: 'parley';
      target: TargetAddress;
      /** `image` is sniffed, decoded and thumbnailed; `file` only sniffed and stored. */
      mediaKind: 'image' | 'file';
    }
  | { kind: 'fastify'; origin: string };

export interface ConnectResult {
  type: 'connect';
  /** Connect-to-login-reply time of each client that got in, ms. */
  latencies: Float64Array;
  failures: number;
  firstError: string | undefined;
  /** Wall clock (ms since epoch, sub-ms) of the first connect and the last login reply. */
  startedAt: number;
  endedAt: number;
  cpu: CpuReport;
}

export interface HeartbeatResult {
  type: 'heartbeat';
  pings: number;
  failures: number;
  cpu: CpuReport;
}

export interface ResumeResult {
  type: 'awaitResume';
  /** Wall clock at which each client was logged in again after its drop. */
  backAt: Float64Array;
  missing: number;
  attempts: number;
  /** Reconnect logins the server refused; `firstError` is the first such answer. */
  refused: number;
  firstError: string | undefined;
  cpu: CpuReport;
}

export interface KickResult {
  type: 'kick';
  /** From sending the second device's login to the first device receiving `kicked`, ms. */
  latencies: Float64Array;
  failures: number;
  firstError: string | undefined;
  cpu: CpuReport;
}

export interface MessagesResult {
  type: 'messages';
  /** Send → receive time of each delivered message, ms. */
  latencies: Float64Array;
  sent: number;
  received: number;
  /** Sends the server answered with an error code (rate limits and the like). */
  refused: number;
  cpu: CpuReport;
}

export interface GroupJoinResult {
  type: 'groupJoin';
  /** Members logged in (and joined when asked) and now held. */
  held: number;
  failures: number;
  firstError: string | undefined;
  cpu: CpuReport;
}

export interface GroupSendResult {
  type: 'groupSend';
  /** Wall clock when the frame left, comparable with other processes' arrival times. */
  sentAt: number;
  /** The server's answer to the send (0 = accepted). */
  code: number;
  desc: string;
}

export interface GroupAwaitResult {
  type: 'groupAwait';
  /** Receivers of this process that got the message (each counted once). */
  received: number;
  /** Receivers this process holds. */
  expected: number;
  /** Wall clock of the first and last arrival in this process; NaN when none arrived. */
  firstAt: number;
  lastAt: number;
  cpu: CpuReport;
}

export interface StatusWatchResult {
  type: 'statusWatch';
  /** Watchers logged in and subscribed, now held. */
  held: number;
  failures: number;
  firstError: string | undefined;
  cpu: CpuReport;
}

export interface StatusArmResult {
  type: 'statusArm';
  held: number;
}

export interface StatusReleaseResult {
  type: 'statusRelease';
  closed: number;
}

export interface StatusChurnResult {
  type: 'statusChurn';
  /**
   * Wall clock when each event's frame left, by the churner's place in this share: `2i` its login,
   * `2i + 1` its logout; NaN for an event that never happened.
   */
  sentAt: Float64Array;
  failures: number;
  firstError: string | undefined;
  /** How far behind schedule the latest login left, ms. */
  lagMs: number;
  cpu: CpuReport;
}

export interface StatusCollectResult {
  type: 'statusCollect';
  /** Per arrival: the event (`2 × churner + 0 login / 1 logout`, churner run-wide) and its wall clock. */
  events: Int32Array;
  at: Float64Array;
  expected: number;
  /** Status pushes that repeated one a watcher already had. */
  duplicates: number;
  cpu: CpuReport;
}

export interface UploadPrepareResult {
  type: 'uploadPrepare';
  /** Uploaders ready (logged in with a token for Parley). */
  held: number;
  failures: number;
  firstError: string | undefined;
}

export interface UploadBurstResult {
  type: 'uploadBurst';
  /** From the first request of each finished upload to its last answer, ms. */
  durations: Float64Array;
  /** Wall clock of this process's first request and last answer. */
  startedAt: number;
  endedAt: number;
  /** Bytes of the uploads that finished. */
  bytes: number;
  failures: number;
  firstError: string | undefined;
  cpu: CpuReport;
}

export interface UploadReleaseResult {
  type: 'uploadRelease';
  closed: number;
}

export interface GroupReleaseResult {
  type: 'groupRelease';
  closed: number;
}

export interface ReleaseResult {
  type: 'release';
  closed: number;
}

export type TaskResult =
  | ConnectResult
  | HeartbeatResult
  | ResumeResult
  | KickResult
  | MessagesResult
  | GroupJoinResult
  | GroupSendResult
  | GroupAwaitResult
  | GroupReleaseResult
  | StatusWatchResult
  | StatusArmResult
  | StatusReleaseResult
  | StatusChurnResult
  | StatusCollectResult
  | UploadPrepareResult
  | UploadBurstResult
  | UploadReleaseResult
  | ReleaseResult;

export type ToWorker = { seq: number; task: Task };
export type FromWorker =
  | { seq: number; ok: true; result: TaskResult }
  | { seq: number; ok: false; error: string }
  | { ready: true };
