/** Records and the store of offline push (storage/push/). */
import type { PushRegistration } from '../types.js';

export const PUSH_PROVIDER_TYPES = ['apns', 'fcm', 'webhook'] as const;
export type PushProviderType = (typeof PUSH_PROVIDER_TYPES)[number];

/** APNs token auth (a `.p8` key). */
export interface ApnsProviderConfig {
  /** The PEM text of the `.p8` key. */
  key: string;
  keyID: string;
  teamID: string;
  /** The app's bundle ID: the `apns-topic` of every push. */
  bundleID: string;
  sandbox: boolean;
  /** `https://host[:port]` instead of Apple's host (proxies, tests). */
  endpoint?: string;
  /** Extra PEM certificates to trust for the endpoint, besides the system's. */
  ca?: string;
}

/** FCM HTTP v1 with a service account. */
export interface FcmProviderConfig {
  /** The service account JSON as Google issues it (`project_id`, `client_email`, `private_key`, `token_uri`). */
  serviceAccount: { project_id: string; client_email: string; private_key: string; token_uri: string };
  /** Base URL instead of `https://fcm.googleapis.com` (proxies, tests). */
  endpoint?: string;
  ca?: string;
}

/** A gateway of the app's own: Parley POSTs each push there as JSON. */
export interface WebhookProviderConfig {
  url: string;
}

export type PushProviderRecord = { sdkAppID: number; businessID: number; updatedAt: number } & (
  | { type: 'apns'; config: ApnsProviderConfig }
  | { type: 'fcm'; config: FcmProviderConfig }
  | { type: 'webhook'; config: WebhookProviderConfig }
);

/** What a notification says, rendered when the push is planned. */
export interface PushPayload {
  title: string;
  body: string;
  /** `offlinePushInfo.ext`: opaque, for the app's click-through routing. */
  ext: string;
  /** The app badge (the user's total unread); absent with `ignoreIOSBadge`. */
  badge?: number;
  /** iOS sound file name; `default` when unset. */
  sound?: string;
  androidChannelID?: string;
  androidSound?: string;
  /** `offlinePushInfo.vendorParams` for a webhook gateway's vendor channels. */
  vendorParams?: Record<string, unknown>;
  /** Where the push leads: the conversation and message. */
  sender: string;
  conversationID: string;
  msgID: string;
}

export interface NewPushJob {
  sdkAppID: number;
  msgKey: string;
  userID: string;
  instanceID: string;
  businessID: number;
  token: string;
  platform: string;
  payload: PushPayload;
}

export interface PushJob extends NewPushJob {
  id: number;
  attempts: number;
  createdAt: number;
  lastError: string | null;
}

export interface PushStore {
  /** Adds or replaces the app's provider of `businessID`. */
  putProvider(record: PushProviderRecord): Promise<void>;
  getProvider(sdkAppID: number, businessID: number): Promise<PushProviderRecord | undefined>;
  listProviders(sdkAppID: number): Promise<PushProviderRecord[]>;
  /** `false` when the app had no such provider. */
  removeProvider(sdkAppID: number, businessID: number): Promise<boolean>;

  /** The push registrations of many users at once (the recipients of a group message). */
  registrationsOf(sdkAppID: number, userIDs: readonly string[]): Promise<PushRegistration[]>;
  /** The registrations of a group's members, each with the member's receive option, in one read. */
  memberRegistrations(sdkAppID: number, groupID: string): Promise<(PushRegistration & { recvOpt: number })[]>;
  /** The members' receive options in a group (absent members are left out). */
  groupRecvOpts(sdkAppID: number, groupID: string, userIDs: readonly string[]): Promise<Map<string, number>>;

  /** Queues pushes; a (message, instance) already queued is skipped. Returns how many were added. */
  enqueue(jobs: readonly NewPushJob[], now: number): Promise<number>;
  /** Due jobs, oldest first. */
  due(now: number, limit: number): Promise<PushJob[]>;
  /** Takes a due job until `leaseUntil`; `false` when another worker took it first. */
  claim(id: number, now: number, leaseUntil: number): Promise<boolean>;
  /** Takes the given jobs that are still due, in one statement; returns the ids taken. */
  claimMany(ids: readonly number[], now: number, leaseUntil: number): Promise<number[]>;
  /** The push was handed to its provider, or will never be: the row goes. */
  finish(id: number): Promise<void>;
  retryAt(id: number, at: number, error: string): Promise<void>;
  /** Drops every queued push to a token the provider called invalid. */
  dropToken(sdkAppID: number, token: string): Promise<number>;
  nextDueAt(): Promise<number | undefined>;
  count(): Promise<number>;
}
