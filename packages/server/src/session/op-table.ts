/**
 * The op table: op name → handler, filled at start by the session layer (login, logout, devices,
 * time) and by every feature (services/index.ts), read by the gateway for each request frame.
 * Feature ops see a `Caller` (who is logged in), never the link; only the session's own ops, which
 * change the link itself (login, logout), get it.
 */
import { type AnyRequestFrame, describeError, ErrorCode, type Op, type RequestData } from '@parley/protocol';
import type { z } from 'zod';
import type { Caller, OpHandler, OpRegistry, OpReply } from '../services/registry.js';
import type { ClientLink } from './client-link.js';

/** An op's reply, and what to do once the transport has written it (close after a logout). */
export interface OpOutcome {
  reply: OpReply<unknown>;
  afterReply?: () => void;
}

/** A session op: it acts on the link itself. */
export type LinkOpHandler<O extends Op> = (link: ClientLink, data: RequestData<O>) => Promise<OpOutcome>;

type AnyLinkHandler = (link: ClientLink, data: unknown) => Promise<OpOutcome>;

export class OpTable implements OpRegistry {
  readonly #handlers = new Map<string, AnyLinkHandler>();
  readonly #schemas = new Map<string, z.ZodType>();

  /** Adds an op of logged-in callers, with the schema its request data must pass. */
  add<O extends Op>(op: O, schema: z.ZodType, handler: OpHandler<O>): void {
    this.#set(op, schema, async (link, data) => {
      const identity = link.identity;
      // The gateway lets only the pre-login ops through without a login; this guards the type.
      if (!identity) return { reply: errorReply(ErrorCode.ERR_SDK_NOT_LOGGED_IN) };
      const caller: Caller = {
        sdkAppID: identity.sdkAppID,
        userID: identity.userID,
        instanceID: identity.instanceID,
        platform: identity.platform,
        clientIP: link.address,
      };
      return { reply: await handler(caller, data as RequestData<O>) };
    });
  }

  /** Adds an op that acts on the link itself; for the session layer's own ops. */
  addLinkOp<O extends Op>(op: O, schema: z.ZodType, handler: LinkOpHandler<O>): void {
    this.#set(op, schema, (link, data) => handler(link, data as RequestData<O>));
  }

  /** The schema of a registered op's request data (the frame reader checks frames with it). */
  schemaOf(op: string): z.ZodType | undefined {
    return this.#schemas.get(op);
  }

  /** Runs the frame's handler; an op nobody registered is "not supported" (the SDK's 6013 family). */
  dispatch(link: ClientLink, frame: AnyRequestFrame): Promise<OpOutcome> {
    const handler = this.#handlers.get(frame.op);
    if (!handler) return Promise.resolve({ reply: errorReply(ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT) });
    return handler(link, frame.data);
  }

  #set(op: Op, schema: z.ZodType, handler: AnyLinkHandler): void {
    if (this.#handlers.has(op)) throw new Error(`the op ${op} is registered twice`);
    this.#handlers.set(op, handler);
    this.#schemas.set(op, schema);
  }
}

function errorReply(code: number): OpReply<never> {
  return { code, desc: describeError(code) };
}
