/**
 * The server clock as seen from here: the offset between the server's time (from the login and ping
 * replies) and the local clock, corrected by half the round trip.
 */
export class ServerClock {
  private offsetMs = 0;

  constructor(private readonly localNow: () => number) {}

  /** Local time in milliseconds (the injected clock). */
  local(): number {
    return this.localNow();
  }

  /** Records a server time read from a reply to a request sent at `sentAt` (local ms). */
  observe(serverTimeMs: number, sentAt: number): void {
    if (!Number.isFinite(serverTimeMs)) return;
    const receivedAt = this.localNow();
    this.offsetMs = serverTimeMs - (sentAt + receivedAt) / 2;
  }

  /** Estimated server time in milliseconds; the local clock until a reply has been seen. */
  now(): number {
    return this.localNow() + this.offsetMs;
  }

  /** Forgets the offset (after unInitSDK). */
  reset(): void {
    this.offsetMs = 0;
  }
}
