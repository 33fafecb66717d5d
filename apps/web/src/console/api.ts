/**
 * Calls from the console to this server as the app admin: the REST admin API (`/v4/…`) and the
 * console's own additions (`/console/api/…`). Both take the admin's ticket in the URL and answer the
 * REST envelope. The secret key never reaches the browser: the admin brings a ticket.
 */

export interface AdminCredentials {
  sdkAppID: number;
  /** The admin UserID (`identifier`). */
  identifier: string;
  /** The admin's ticket. */
  userSig: string;
}

export interface Envelope {
  ActionStatus: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorInfo: string;
}

/** A call answered `FAIL`, or could not be made. */
export class AdminCallError extends Error {
  override readonly name = 'AdminCallError';
  constructor(
    readonly code: number,
    info: string,
  ) {
    super(info === '' ? `error ${code}` : `${info} (${code})`);
  }
}

export class AdminApi {
  constructor(readonly credentials: AdminCredentials) {}

  /** A REST admin command, e.g. `rest('im_open_login_svc/account_check', {...})`. */
  rest<T>(command: string, body: object = {}): Promise<T & Envelope> {
    return this.post<T>(`/v4/${command}`, body);
  }

  /** A console command (`get_app_settings`, `set_app_settings`, `get_activity`, `list_accounts`). */
  console<T>(command: string, body: object = {}): Promise<T & Envelope> {
    return this.post<T>(`/console/api/${command}`, body);
  }

  private async post<T>(path: string, body: object): Promise<T & Envelope> {
    const query = new URLSearchParams({
      sdkappid: String(this.credentials.sdkAppID),
      identifier: this.credentials.identifier,
      usersig: this.credentials.userSig,
      random: String(crypto.getRandomValues(new Uint32Array(1))[0]),
      contenttype: 'json',
    });
    let response: Response;
    try {
      response = await fetch(`${path}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      throw new AdminCallError(0, 'the server could not be reached');
    }
    const envelope = (await response.json().catch(() => undefined)) as (T & Envelope) | undefined;
    if (envelope === undefined || typeof envelope.ActionStatus !== 'string') {
      throw new AdminCallError(response.status, `unexpected answer from ${path} (HTTP ${response.status})`);
    }
    if (envelope.ActionStatus !== 'OK') throw new AdminCallError(envelope.ErrorCode, envelope.ErrorInfo);
    return envelope;
  }
}

/** Kept per tab so a reload stays signed in; closing the tab forgets the ticket. */
const STORED = 'parley.console.credentials';

export function loadCredentials(): AdminCredentials | undefined {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(STORED) ?? 'null');
    if (typeof value !== 'object' || value === null) return undefined;
    const { sdkAppID, identifier, userSig } = value as Record<string, unknown>;
    return typeof sdkAppID === 'number' && typeof identifier === 'string' && typeof userSig === 'string'
      ? { sdkAppID, identifier, userSig }
      : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: AdminCredentials | undefined): void {
  if (credentials === undefined) sessionStorage.removeItem(STORED);
  else sessionStorage.setItem(STORED, JSON.stringify(credentials));
}

export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
