/**
 * The app backend's side of the group scenario: Parley's REST admin API as an app server calls it
 * (`POST /v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json`), signed
 * as the app's default admin. Every answer other than `ActionStatus: "OK"` is thrown, with the
 * command and the server's code, so a missing endpoint fails the Parley side of the scenario.
 */
import { genUserSig } from '@parley/usersig';
import { sleep } from '../load/clock.js';
import { BENCH_APP } from '../targets/server-process.js';

/** The app's first admin when PARLEY_ADMIN is not set (the bench sets none). */
const ADMIN = 'administrator';
/** REST's "too many calls per second": wait a second and call again. */
const RATE_LIMITED = 60_007;
const RATE_LIMIT_RETRIES = 3;
const CALL_TIMEOUT_MS = 60_000;

export interface RestAnswer {
  ActionStatus?: string;
  ErrorCode?: number;
  ErrorInfo?: string;
  [field: string]: unknown;
}

export class RestAdmin {
  readonly #ticket = genUserSig({
    sdkAppID: BENCH_APP.sdkAppID,
    key: BENCH_APP.key,
    userID: ADMIN,
    expire: 24 * 60 * 60,
  });

  constructor(private readonly port: number) {}

  /** Calls `<service>/<command>` with `body`; throws unless the answer is OK. */
  async call(command: string, body: object): Promise<RestAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.#post(command, body);
      if (answer.ActionStatus === 'OK') return answer;
      if (answer.ErrorCode === RATE_LIMITED && attempt < RATE_LIMIT_RETRIES) {
        await sleep(1_000);
        continue;
      }
      throw new Error(`REST ${command} answered ${answer.ErrorCode ?? '?'} ${answer.ErrorInfo ?? ''}`.trim());
    }
  }

  async #post(command: string, body: object): Promise<RestAnswer> {
    const query = new URLSearchParams({
      sdkappid: String(BENCH_APP.sdkAppID),
      identifier: ADMIN,
      usersig: this.#ticket,
      random: String(Math.floor(Math.random() * 2 ** 32)),
      contenttype: 'json',
    });
    const response = await fetch(`http://127.0.0.1:${this.port}/v4/${command}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as RestAnswer;
    } catch {
      throw new Error(`REST ${command}: HTTP ${response.status}, not JSON: ${text.slice(0, 120)}`);
    }
  }
}
