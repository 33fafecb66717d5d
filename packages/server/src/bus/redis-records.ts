/**
 * What the Redis bus stores as JSON, and the checks that turn stored text back into typed records.
 * The text is written only by Parley nodes, so a record that fails its check is a bug or a foreign
 * writer sharing the key prefix; it is skipped rather than trusted.
 */
import { PLATFORMS } from '@parley/protocol';
import { z } from 'zod';
import type { InstanceAddress, InstanceEvent, Presence } from './bus.js';

/** An instance's presence plus when a disconnected one stops being resumable (`null` while connected). */
export interface PresenceRecord extends Presence {
  expiresAt: number | null;
}

/** A displaced instance: remembered until `until`, and on which node it was (to route its kick). */
export interface DisplacedRecord {
  until: number;
  nodeID: string | null;
}

/** One entry of a node's inbox stream: one event for one or more of the node's instances. */
export interface InboxMessage {
  targets: InstanceAddress[];
  event: InstanceEvent;
}

const address = {
  sdkAppID: z.number().int(),
  userID: z.string(),
  instanceID: z.string(),
};

const presenceSchema = z.object({
  ...address,
  platform: z.enum(PLATFORMS),
  loginAt: z.number(),
  nodeID: z.string(),
  connected: z.boolean(),
  expiresAt: z.number().nullable(),
});

const displacedSchema = z.object({ until: z.number(), nodeID: z.string().nullable() });

// Events are built by this server's own code and only relayed: the check stops at their tag, so a
// new `InstanceEvent` variant travels without a change here.
// `target` is how a node of the previous version addressed a single instance (rolling upgrades).
const inboxSchema = z.object({
  targets: z.array(z.object(address)).optional(),
  target: z.object(address).optional(),
  event: z.looseObject({ type: z.string() }),
});

export function parsePresence(text: string): PresenceRecord | undefined {
  return parseWith(presenceSchema, text);
}

export function parseDisplaced(text: string): DisplacedRecord | undefined {
  return parseWith(displacedSchema, text);
}

export function parseInboxMessage(text: string): InboxMessage | undefined {
  const message = parseWith(inboxSchema, text);
  if (!message) return undefined;
  const targets = message.targets ?? (message.target ? [message.target] : []);
  return { targets, event: message.event as InstanceEvent };
}

function parseWith<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
