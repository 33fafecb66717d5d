/**
 * What a REST endpoint is: its codes for the envelope's checks, its rate, its body schema and its
 * handler. `defineEndpoint` binds schema and handler so the table of endpoints needs no casts.
 */
import { ErrorCode } from '@parley/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AppRecord, Storage } from '../storage/types.js';
import { readJsonObject, validateBody } from './body.js';
import type { RestResult } from './envelope.js';

/** Calls per second per app when an endpoint sets no rate (login.md §8). */
export const DEFAULT_RATE_PER_SECOND = 200;

/**
 * What every handler gets; the caller has been authenticated as an admin of `app`. What only some
 * endpoints need (sessions, the bus, a service) their feature hands them when it makes them.
 */
export interface RestContext {
  readonly app: AppRecord;
  /** The admin UserID that made the call. */
  readonly admin: string;
  readonly storage: Storage;
  readonly logger: Logger;
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The codes of the envelope's checks, where a service uses its own (login.md §8, §7.2). */
export interface EndpointCodes {
  /** The caller is not an app admin: 60010 by default. */
  notAdmin: number;
  /** The body is empty or not a JSON object: 60003 by default. */
  badJson: number;
  /** A body field breaks its rule and names no code of its own: 70402 by default. */
  invalidParams: number;
}

export interface EndpointSpec<S extends z.ZodType> {
  codes?: Partial<EndpointCodes>;
  /** Calls per second per app; `DEFAULT_RATE_PER_SECOND` when absent. */
  ratePerSecond?: number;
  body: S;
  handle(ctx: RestContext, body: z.output<S>): Promise<RestResult>;
}

/** An endpoint as the envelope runs it: the raw body in, a result out. */
export interface RestEndpoint {
  readonly codes: EndpointCodes;
  readonly ratePerSecond: number;
  run(ctx: RestContext, rawBody: Buffer | undefined): Promise<RestResult>;
}

const DEFAULT_CODES: EndpointCodes = {
  notAdmin: ErrorCode.ERR_REST_NOT_ADMIN,
  badJson: ErrorCode.ERR_REST_BAD_JSON,
  invalidParams: ErrorCode.ERR_INVALID_PARAMS,
};

/** Makes an endpoint from its schema and handler: the body is read and validated before `handle`. */
export function defineEndpoint<S extends z.ZodType>(spec: EndpointSpec<S>): RestEndpoint {
  const codes = { ...DEFAULT_CODES, ...spec.codes };
  return {
    codes,
    ratePerSecond: spec.ratePerSecond ?? DEFAULT_RATE_PER_SECOND,
    async run(ctx, rawBody) {
      const json = readJsonObject(rawBody, codes.badJson);
      if (!json.ok) return json.failure;
      const body = validateBody(spec.body, json.value, codes.invalidParams);
      if (!body.ok) return body.failure;
      return spec.handle(ctx, body.value);
    },
  };
}

/** The endpoints of one envelope mount by resource, filled by the features at start. */
export class RestEndpointTable {
  readonly #endpoints = new Map<string, RestEndpoint>();

  /** Adds an endpoint; a resource registered twice is a bug and throws. */
  add(resource: string, endpoint: RestEndpoint): void {
    if (this.#endpoints.has(resource)) throw new Error(`the REST resource ${resource} is registered twice`);
    this.#endpoints.set(resource, endpoint);
  }

  get(resource: string): RestEndpoint | undefined {
    return this.#endpoints.get(resource);
  }

  get resources(): string[] {
    return [...this.#endpoints.keys()];
  }
}
