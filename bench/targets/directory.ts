/**
 * The little state both baseline servers keep so they can do what Parley does in the same scenarios:
 * who is online (to route a one-to-one message) and which connection a new login of the same user
 * displaces (to measure a kick). One connection per user, like Parley's default web policy.
 */
export class Directory<Connection> {
  readonly #online = new Map<string, Connection>();

  /** Records the login; returns the connection it displaces, which the server then kicks. */
  login(userID: string, connection: Connection): Connection | undefined {
    const previous = this.#online.get(userID);
    this.#online.set(userID, connection);
    return previous === connection ? undefined : previous;
  }

  find(userID: string): Connection | undefined {
    return this.#online.get(userID);
  }

  /** Forgets the user only if this connection is still theirs (a kicked one is not). */
  leave(userID: string, connection: Connection): void {
    if (this.#online.get(userID) === connection) this.#online.delete(userID);
  }
}

/** A request as the baselines read it: the same `{id, op, data}` Parley receives. */
export interface BaselineRequest {
  id: number;
  op: string;
  data?: {
    userID?: unknown;
    to?: unknown;
    msgID?: unknown;
    text?: unknown;
    groupID?: unknown;
    random?: unknown;
    elemList?: unknown;
    userIDList?: unknown;
  };
}

export function readRequest(value: unknown): BaselineRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, op } = value as { id?: unknown; op?: unknown };
  return typeof id === 'number' && typeof op === 'string' ? (value as BaselineRequest) : undefined;
}

export const okReply = (id: number, data: object = {}) => ({ id, code: 0, desc: '', data });

export const listeningLine = (port: number) => `listening on http://127.0.0.1:${port}`;
