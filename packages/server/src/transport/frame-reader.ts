/**
 * Turns one incoming text frame into a validated request or a typed refusal. Never touches a
 * socket: the connection decides what to do with a refusal.
 */
import { type AnyRequestFrame, ErrorCode, type Op } from '@parley/protocol';
import type { z } from 'zod';
import { checkJsonDepth } from '../json-guard.js';
import { describeIssue, envelopeSchema } from './frame-schemas.js';

export type ReadResult =
  | { kind: 'request'; frame: AnyRequestFrame }
  /** The frame had a usable id: answer it with an error reply. */
  | { kind: 'reject'; id: number | null; code: number; desc: string }
  /** Not a frame at all: close the connection with this reason. */
  | { kind: 'close'; reason: string };

/** The schema of an op's request data; `undefined` for an op nobody registered. */
export type RequestSchemaOf = (op: string) => z.ZodType | undefined;

export function readFrame(text: string, schemaOf: RequestSchemaOf): ReadResult {
  // Before parsing: a deeply nested frame costs every later walk over it, and no client sends one.
  const shape = checkJsonDepth(text);
  if (!shape.ok) return { kind: 'close', reason: `frame ${shape.reason.replace(/^JSON /, '')}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'close', reason: 'frame is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const id = idOf(json);
    return {
      kind: 'reject',
      id,
      code: ErrorCode.ERR_INVALID_PARAMETERS,
      desc: `bad frame: ${describeIssue(envelope.error)}`,
    };
  }
  const { id, op, data } = envelope.data;
  const schema = schemaOf(op);
  if (!schema) {
    return { kind: 'reject', id, code: ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT, desc: `unknown op "${op}"` };
  }
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    return {
      kind: 'reject',
      id,
      code: ErrorCode.ERR_INVALID_PARAMETERS,
      desc: `${op}: ${describeIssue(parsed.error)}`,
    };
  }
  return { kind: 'request', frame: { id, op: op as Op, data: parsed.data } as AnyRequestFrame };
}

function idOf(json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}
