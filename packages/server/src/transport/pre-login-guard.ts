/**
 * Before login, a connection may send only small frames. `ws` checks its `maxPayload` per server
 * and buffers a frame until its last byte arrives, so a stranger could make the server hold a whole
 * maximum-size frame (1 MiB by default) per connection without ever finishing it. This guard counts
 * the bytes read from the raw socket since the last complete frame and ends the connection as soon
 * as they pass the pre-login limit: what the server holds for a stranger stays near the limit plus
 * one socket read.
 */
import type { Socket } from 'node:net';

/** The largest frame accepted before login; a login frame is well under it. */
export const PRE_LOGIN_MAX_FRAME_BYTES = 16 * 1024;

/** A frame header (up to 14 bytes) on top of the payload. */
const HEADER_SLACK = 14;

export class PreLoginGuard {
  /** `socket.bytesRead` when the last complete frame was delivered. */
  #mark: number;
  #active = true;
  readonly #onData = () => this.#check();

  constructor(
    private readonly socket: Socket,
    private readonly loggedIn: () => boolean,
    private readonly onExceeded: () => void,
    private readonly limit = PRE_LOGIN_MAX_FRAME_BYTES,
  ) {
    this.#mark = socket.bytesRead;
    // Registered after `ws`'s own listener, which delivers the frames a chunk completes first (its
    // events are synchronous), so `frameReceived` has moved the mark before this count runs.
    socket.on('data', this.#onData);
    socket.once('close', () => this.stop());
  }

  /** A whole frame arrived; false when it came before login and is over the pre-login limit. */
  frameReceived(bytes: number): boolean {
    this.#mark = this.socket.bytesRead;
    return bytes <= this.limit || this.loggedIn();
  }

  stop(): void {
    if (!this.#active) return;
    this.#active = false;
    this.socket.off('data', this.#onData);
  }

  #check(): void {
    // Once logged in, frames are bounded by the server's `maxPayload` alone.
    if (this.loggedIn()) {
      this.stop();
      return;
    }
    if (this.socket.bytesRead - this.#mark <= this.limit + HEADER_SLACK) return;
    this.stop();
    // Stop reading: whatever else the client sends would only grow the frame `ws` is buffering.
    this.socket.pause();
    this.onExceeded();
  }
}
