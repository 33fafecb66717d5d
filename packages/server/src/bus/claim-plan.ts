/**
 * The login claim as a pure decision, shared by every bus adapter: each reads what it holds for the
 * user (from its maps, or from one Redis snapshot), asks `planClaim`, and applies the plan its own
 * way. The rules of a claim are therefore written once: a displaced instance cannot resume, a
 * resume of a known instance is never a new login, and the policy engine chooses whom to kick.
 */
import type { KickDecision, KickedInstance, LoginClaim, Presence } from './bus.js';

/** What an adapter read for the claiming user, with the injected clock's `now`. */
export interface ClaimView {
  /** Until when the claimed instance is remembered as displaced; `undefined` when it is not. */
  displacedUntil: number | undefined;
  /** The user's registered instances, those whose resume grace ended left out. */
  live: readonly Presence[];
}

export type ClaimPlan =
  | { status: 'displaced' }
  | {
      status: 'registered';
      resumed: boolean;
      /** The claimed instance as it is registered now: connected, on the claiming node. */
      presence: Presence;
      /** Instances to remove and remember as displaced, each with the policy's reason. */
      kicked: KickedInstance[];
    };

/**
 * Decides a claim. `decide` is the pure policy engine, so an adapter that lost a race (Redis) may
 * plan again on a fresh view without side effects.
 */
export function planClaim(
  claim: LoginClaim,
  view: ClaimView,
  decide: KickDecision,
  nodeID: string,
  now: number,
): ClaimPlan {
  if (claim.resume && view.displacedUntil !== undefined && view.displacedUntil > now) {
    return { status: 'displaced' };
  }
  const existing = view.live.find((p) => p.instanceID === claim.instanceID);
  if (claim.resume && existing) {
    // A resume of a known instance is never a new login: no policy run, no kicks.
    return {
      status: 'registered',
      resumed: true,
      presence: { ...presenceOf(existing), connected: true, nodeID },
      kicked: [],
    };
  }
  const others = view.live.filter((p) => p.instanceID !== claim.instanceID).map(presenceOf);
  const kicked: KickedInstance[] = [];
  for (const kick of decide(others)) {
    const victim = others.find((p) => p.instanceID === kick.instanceID);
    if (!victim || kicked.some((k) => k.instanceID === victim.instanceID)) continue;
    kicked.push({ ...victim, kickReason: kick.reason });
  }
  return {
    status: 'registered',
    resumed: claim.resume,
    presence: {
      sdkAppID: claim.sdkAppID,
      userID: claim.userID,
      instanceID: claim.instanceID,
      platform: claim.platform,
      // A new login of an instance still registered (no resume flag) keeps its first login time.
      loginAt: existing?.loginAt ?? claim.loginAt,
      nodeID,
      connected: true,
    },
    kicked,
  };
}

/** Only the `Presence` fields: an adapter's record must not carry its own fields into results. */
export function presenceOf(p: Presence): Presence {
  return {
    sdkAppID: p.sdkAppID,
    userID: p.userID,
    instanceID: p.instanceID,
    platform: p.platform,
    loginAt: p.loginAt,
    nodeID: p.nodeID,
    connected: p.connected,
  };
}
