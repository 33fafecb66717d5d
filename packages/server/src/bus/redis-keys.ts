/**
 * Names of the Redis keys of the bus. Every key of one user shares the hash tag `{app:user}`, so
 * the scripts that touch a user's keys stay on one slot; user and instance IDs are URI-encoded, so
 * a `:` or a brace inside an ID can never make two names collide.
 */
import type { InstanceAddress } from './bus.js';

export class RedisKeys {
  /** `prefix` separates deployments (and test runs) sharing one Redis. */
  constructor(readonly prefix: string) {}

  /** Set of the instance keys of one user: the index that `instancesOf` and claims read. */
  user(sdkAppID: number, userID: string): string {
    return `${this.prefix}:user:${tag(sdkAppID, userID)}`;
  }

  /** Counter bumped by every change of a user's instances; claims compare it to apply atomically. */
  version(sdkAppID: number, userID: string): string {
    return `${this.prefix}:ver:${tag(sdkAppID, userID)}`;
  }

  /** One instance's presence (JSON), with a TTL: the node holding it keeps it alive. */
  instance(address: InstanceAddress): string {
    return `${this.prefix}:inst:${tag(address.sdkAppID, address.userID)}:${encodeURIComponent(address.instanceID)}`;
  }

  /** Memory of a displaced instance (JSON: until when, and which node held it). */
  displaced(address: InstanceAddress): string {
    return `${this.prefix}:gone:${tag(address.sdkAppID, address.userID)}:${encodeURIComponent(address.instanceID)}`;
  }

  /**
   * Sorted set of a user's displaced keys, scored by the end of their memory: it bounds how many
   * displacements of one user Redis keeps (the oldest go first).
   */
  displacedIndex(sdkAppID: number, userID: string): string {
    return `${this.prefix}:gonex:${tag(sdkAppID, userID)}`;
  }

  /** The stream of events addressed to one node's instances. */
  inbox(nodeID: string): string {
    return `${this.prefix}:inbox:${encodeURIComponent(nodeID)}`;
  }

  /** The pub/sub channel of `broadcast`: every node of the deployment subscribes to it. */
  broadcast(): string {
    return `${this.prefix}:broadcast`;
  }
}

function tag(sdkAppID: number, userID: string): string {
  return `{${sdkAppID}:${encodeURIComponent(userID)}}`;
}
