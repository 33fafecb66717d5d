/**
 * The one table of error codes that cross the wire, shared by the server, the SDK and the REST API.
 * Numbers and meanings follow the V2TIM / Tencent Cloud Chat codes (spec: login.md §9), so an app
 * that already handles those codes handles Parley's.
 */

/** One registry entry: the V2TIM number, our constant name, a human description and retry advice. */
export interface ErrorInfo {
  readonly code: number;
  readonly name: string;
  readonly desc: string;
  /** True when retrying the same call later can succeed without the user changing anything. */
  readonly retryable: boolean;
}

const entries = [
  // Client SDK (login.md §9.1)
  [0, 'ERR_SUCC', 'success', false],
  [6013, 'ERR_SDK_NOT_INITIALIZED', 'SDK not initialized: call initSDK and wait for it to succeed', false],
  [6014, 'ERR_SDK_NOT_LOGGED_IN', 'not logged in (or kicked): log in and retry', false],
  [6015, 'ERR_IN_PROGESS', 'the same operation is still running', true],
  [6017, 'ERR_INVALID_PARAMETERS', 'invalid parameter', false],
  [6023, 'ERR_LOGGED_OUT_BEFORE_LOGIN_FINISHED', 'logout was called before the login finished', false],
  [6206, 'ERR_USER_SIG_EXPIRED', 'UserSig expired: get a new ticket and log in again', false],
  [
    6208,
    'ERR_LOGIN_KICKED_OFF_BY_OTHER',
    'this instance was displaced by a login elsewhere while it was offline',
    false,
  ],
  [7003, 'ERR_SDK_COMM_INVALID_IDENTIFIER', 'invalid UserID: 1 to 32 bytes of printable ASCII', false],
  [7008, 'ERR_SDK_COMM_API_CALL_FREQUENCY_LIMIT', 'API called too often', true],
  [7009, 'ERR_SDK_COMM_INTERRUPT', 'interrupted (for example unInitSDK during login)', false],
  [7013, 'ERR_SDK_INTERFACE_NOT_SUPPORT', 'this operation is not supported', false],
  [7501, 'ERR_SDK_ACCOUNT_LOGIN_IN_PROCESS', 'a login is already running', true],
  [7502, 'ERR_SDK_ACCOUNT_LOGOUT_IN_PROCESS', 'a logout is already running', true],
  [9503, 'ERR_SDK_NET_NOT_AUTHENTICATED', 'the connection has not logged in yet', false],
  [9506, 'ERR_SDK_NET_FREQ_LIMIT', 'too many requests per second on this connection', true],
  [9507, 'ERR_SDK_NET_REQ_COUNT_LIMIT', 'too many requests waiting for a reply on this connection', true],
  [9508, 'ERR_SDK_NET_DISCONNECT', 'the network connection is down', true],
  [9510, 'ERR_SDK_NET_CONNECT_TIMEOUT', 'connecting to the server timed out', true],
  [9520, 'ERR_SDK_NET_WAIT_ACK_TIMEOUT', 'the server did not answer in time', true],
  [9522, 'ERR_SDK_NET_PKG_SIZE_LIMIT', 'frame larger than the server accepts', false],
  // Server: account and ticket (login.md §9.2)
  [70001, 'ERR_USERSIG_EXPIRED', 'UserSig expired: generate a new one', false],
  [70002, 'ERR_USERSIG_EMPTY', 'UserSig is empty', false],
  [70003, 'ERR_USERSIG_MALFORMED', 'UserSig could not be decoded (truncated or not a ticket)', false],
  [
    70005,
    'ERR_USERSIG_CHECK_FAILED',
    'UserSig check failed: a field is missing or has the wrong type',
    false,
  ],
  [70009, 'ERR_USERSIG_SIGNATURE_MISMATCH', 'UserSig signature does not match: wrong key or SDKAppID', false],
  [
    70013,
    'ERR_USERSIG_IDENTIFIER_MISMATCH',
    'the UserID does not match the identifier inside the UserSig',
    false,
  ],
  [70014, 'ERR_USERSIG_SDKAPPID_MISMATCH', 'the SDKAppID does not match the one inside the UserSig', false],
  [70016, 'ERR_APP_KEY_NOT_FOUND', 'the app has no secret key', false],
  [70020, 'ERR_SDKAPPID_NOT_FOUND', 'SDKAppID not found', false],
  [70050, 'ERR_LOGIN_LOCKED', 'too many failed logins: retry after one minute', true],
  [70051, 'ERR_ACCOUNT_BLACKLISTED', 'account is blocked', false],
  [70052, 'ERR_USERSIG_REVOKED', 'UserSig was revoked by the admin: generate a new one', false],
  [70107, 'ERR_ACCOUNT_NOT_FOUND', 'the account does not exist', false],
  [40601, 'ERR_PROFILE_VALUE_TOO_LONG', 'a profile value (Nick, FaceUrl) is longer than 500 bytes', false],
  [
    40009,
    'ERR_PROFILE_UNKNOWN_TAG',
    'a profile field that is neither standard nor a custom key the app declared',
    false,
  ],
  [70169, 'ERR_INTERNAL_TIMEOUT', 'internal timeout: retry', true],
  [70206, 'ERR_INVALID_BATCH_COUNT', 'invalid number of items in the batch', false],
  [70402, 'ERR_INVALID_PARAMS', 'invalid parameters', false],
  [70403, 'ERR_ADMIN_REQUIRED', 'the app admin is required for this call', false],
  // Parley's own: offline push providers (docs/push.md), the console's remove of a missing one
  [70404, 'ERR_PUSH_PROVIDER_NOT_FOUND', 'the app has no push provider with this business ID', false],
  [70500, 'ERR_INTERNAL', 'internal server error: retry', true],
  // Server: REST common (login.md §9.3)
  [60002, 'ERR_REST_BAD_URL', 'cannot parse the request URL', false],
  [60003, 'ERR_REST_BAD_JSON', 'request body is not valid JSON', false],
  [60004, 'ERR_REST_BAD_IDENTIFIER', 'identifier or usersig in the URL is invalid', false],
  [60006, 'ERR_REST_BAD_SDKAPPID', 'SDKAppID is invalid', false],
  [60007, 'ERR_REST_RATE_LIMITED', 'REST call frequency exceeded', true],
  [60008, 'ERR_REST_BAD_REQUEST', 'malformed HTTP request (POST only, a JSON body of at most 1 MB)', false],
  [60009, 'ERR_REST_BAD_RESOURCE', 'unknown service or command', false],
  [60010, 'ERR_REST_NOT_ADMIN', 'identifier must be an app admin', false],
  [60012, 'ERR_REST_NO_SDKAPPID', 'sdkappid is missing from the URL', false],
  // Server: the legacy openim/querystate endpoint has codes of its own (login.md §7.2)
  [90001, 'ERR_QUERYSTATE_BAD_REQUEST', 'request JSON invalid, or To_Account missing or empty', false],
  [90003, 'ERR_QUERYSTATE_NOT_STRINGS', 'To_Account must list UserID strings', false],
  [90009, 'ERR_QUERYSTATE_NOT_ADMIN', 'the app admin is required for this call', false],
  [90011, 'ERR_QUERYSTATE_TOO_MANY', 'too many accounts: at most 500 per call', false],
  // Messages (im-features.md §1, §12)
  [
    2480,
    'ERR_SDK_MSG_MODIFY_CONFLICT',
    'the message was modified elsewhere first: edit the latest version',
    false,
  ],
  // Server: messages to accounts (im-features.md §1, §12); group codes below
  [
    20003,
    'ERR_SVR_MSG_INVALID_TO_ACCOUNT',
    "the receiver's account does not exist: it is created by its first login or account_import",
    false,
  ],
  [20006, 'ERR_SVR_MSG_PUSH_DENY', "the app's before-send callback refused the message", false],
  [20007, 'ERR_SVR_MSG_IN_PEER_BLACKLIST', 'the receiver has blocked the sender', false],
  [
    20009,
    'ERR_SVR_MSG_BOTH_NOT_FRIEND',
    'only friends may message each other in this app, and these are not',
    false,
  ],
  [
    20010,
    'ERR_SVR_MSG_NOT_PEER_FRIEND',
    "only friends may message each other in this app: the sender is not in the receiver's friend list",
    false,
  ],
  [20016, 'ERR_SVR_MSG_REVOKE_TIME_LIMIT', 'the message is older than the recall window', false],
  [
    80002,
    'ERR_SVR_COMM_BODY_SIZE_LIMIT',
    'message body (elements and cloudCustomData) larger than 12 KB',
    false,
  ],
  // Groups (im-features.md §3, §12)
  [10002, 'ERR_SVR_GROUP_INTERNAL_ERROR', 'group service internal error: retry', true],
  [
    10004,
    'ERR_SVR_GROUP_INVALID_PARAMETERS',
    'invalid group parameter (a field too long, a bad option, too many items)',
    false,
  ],
  [
    10007,
    'ERR_SVR_GROUP_PERMISSION_DENY',
    "not a member, or the caller's role or the group's type does not allow this",
    false,
  ],
  [
    10009,
    'ERR_SVR_GROUP_SUPER_NOT_ALLOW_QUIT',
    'the owner may not quit this type of group: transfer ownership or dismiss it',
    false,
  ],
  [10010, 'ERR_SVR_GROUP_NOT_FOUND', 'the group does not exist (never created, or dismissed)', false],
  [10013, 'ERR_SVR_GROUP_ALLREADY_MEMBER', 'the user is already a member of the group', false],
  [10014, 'ERR_SVR_GROUP_FULL_MEMBER_COUNT', 'the group has reached its member limit', false],
  [
    10015,
    'ERR_SVR_GROUP_INVALID_GROUPID',
    'invalid group ID: printable ASCII, at most 48 bytes, no @TGS# prefix',
    false,
  ],
  [
    10016,
    'ERR_SVR_GROUP_REJECT_FROM_THIRDPARTY',
    "the app's callback refused the operation (before-create, before-join, before-invite or before-send)",
    false,
  ],
  [10017, 'ERR_SVR_GROUP_SHUTUP_DENY', 'muted in this group', false],
  [10021, 'ERR_SVR_GROUP_GROUPID_IN_USED', 'the group ID is already in use', false],
  [10024, 'ERR_SVR_GROUP_REQ_ALLREADY_BEEN_PROCESSED', 'the application was already handled', false],
  [
    10023,
    'ERR_SVR_GROUP_FREQ_LIMIT',
    "the room's message rate is exceeded: the message was dropped (lower priorities go first)",
    true,
  ],
  [10037, 'ERR_SVR_GROUP_JOINED_GROUP_LIMIT', 'the user is in as many groups as the app allows', false],
  [
    10056,
    'ERR_SVR_GROUP_ATTRIBUTE_WRITE_CONFLICT',
    'the group attributes were changed elsewhere first: read them and write again',
    false,
  ],
  [
    10062,
    'ERR_SVR_MSG_RECEIPT_NOT_FOUND',
    'the message has no read receipts: it was not sent with needReadReceipt (or receipts were off for its group type)',
    false,
  ],
  // Friends and the blocklist (im-features.md §4.3, §4.4, §12)
  [
    30001,
    'ERR_SVR_FRIENDSHIP_INVALID_PARAMETERS',
    'invalid relationship request (already friends, not friends, no such request or friend group, a field too long)',
    false,
  ],
  [30003, 'ERR_SVR_FRIENDSHIP_ACCOUNT_NOT_FOUND', 'the account does not exist', false],
  [30010, 'ERR_SVR_FRIENDSHIP_COUNT_LIMIT', 'the friend list is full (3,000 friends)', false],
  [30011, 'ERR_SVR_FRIENDSHIP_GROUP_COUNT_LIMIT', 'too many friend groups (32)', false],
  [30012, 'ERR_SVR_FRIENDSHIP_PENDENCY_LIMIT', 'too many pending friend requests (100)', false],
  [30013, 'ERR_SVR_FRIENDSHIP_BLACKLIST_LIMIT', 'the blocklist is full (1,000 users)', false],
  [30014, 'ERR_SVR_FRIENDSHIP_PEER_FRIEND_LIMIT', "the other user's friend list is full", false],
  [30515, 'ERR_SVR_FRIENDSHIP_IN_SELF_BLACKLIST', 'the user is in your blocklist', false],
  [30516, 'ERR_SVR_FRIENDSHIP_ALLOW_TYPE_DENY_ANY', 'the user accepts no friend requests', false],
  [30525, 'ERR_SVR_FRIENDSHIP_IN_PEER_BLACKLIST', 'the user has blocked you', false],
  [
    30539,
    'ERR_SVR_FRIENDSHIP_ALLOW_TYPE_NEED_CONFIRM',
    'the friend request was sent and waits for the user to answer (not a failure)',
    false,
  ],
  [
    38000,
    'ERR_SVR_FRIENDSHIP_REJECT_FROM_THIRDPARTY',
    "the app's callback refused the friend operation",
    false,
  ],
  // Signaling (docs/signaling.md), with V2TIM's numbers
  [
    8010,
    'ERR_SDK_SIGNALING_INVALID_INVITE_ID',
    'no such invitation, or it is no longer pending (answered, cancelled or timed out)',
    false,
  ],
  [8011, 'ERR_SDK_SIGNALING_NO_PERMISSION', 'not the inviter, or not an invitee, of this invitation', false],
  [8012, 'ERR_SDK_SIGNALING_ALREADY_EXISTS', 'this invitation is already known here', false],
  // Files (docs/media.md), with V2TIM's numbers
  [
    6006,
    'ERR_FILE_TRANS_AUTH_FAILED',
    'file upload or download refused: the upload token or download URL is missing, forged, expired or not yours',
    false,
  ],
  [6008, 'ERR_FILE_TRANS_UPLOAD_FAILED', 'the file upload failed: upload it again', true],
  [6009, 'ERR_FILE_TRANS_DOWNLOAD_FAILED', 'the file download failed', true],
  [
    4004,
    'ERR_IMAGE_FORMAT_INVALID',
    'not an image the server can read (JPEG, PNG, GIF, WebP, AVIF, TIFF)',
    false,
  ],
  [7005, 'ERR_SDK_COMM_FILE_TOO_LARGE', "the file is larger than the app's limit for its kind", false],
  [
    4001,
    'ERR_FILE_NOT_IM_STORAGE',
    'no uploaded file of this app has this uuid (never uploaded, or swept)',
    false,
  ],
  // Reactions, extensions and pinned messages (im-features.md §1.19, §12; docs/message-extras.md)
  [
    23001,
    'ERR_SVR_MSG_EXTENSION_CONFLICT',
    'the message extension was changed elsewhere first: the reply carries the latest values',
    false,
  ],
  [23005, 'ERR_SVR_MSG_REACTION_COUNT_LIMIT', 'the message already has 10 different reactions', false],
  [23006, 'ERR_SVR_MSG_REACTION_USER_COUNT_LIMIT', 'the reaction already has 100 users', false],
  [23007, 'ERR_SVR_MSG_REACTION_ALREADY_CONTAIN_USER', 'you already reacted with this reaction', false],
  [23009, 'ERR_SVR_MSG_REACTION_NOT_CONTAIN_USER', 'you have not reacted with this reaction', false],
  [10070, 'ERR_SVR_GROUP_PINNED_MESSAGE_COUNT_LIMIT', 'the group already has 10 pinned messages', false],
] as const satisfies readonly (readonly [number, string, string, boolean])[];

type Entry = (typeof entries)[number];

/** Every error code by its constant name, e.g. `ErrorCode.ERR_SDK_NOT_LOGGED_IN === 6014`. */
export const ErrorCode = Object.freeze(Object.fromEntries(entries.map(([code, name]) => [name, code]))) as {
  readonly [E in Entry as E[1]]: E[0];
};
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The registry, one entry per code, in the order of login.md §9. */
export const errorRegistry: readonly ErrorInfo[] = Object.freeze(
  entries.map(([code, name, desc, retryable]) => Object.freeze({ code, name, desc, retryable })),
);

const byCode = new Map<number, ErrorInfo>(errorRegistry.map((e) => [e.code, e]));

/** Looks up a code; unknown codes give `undefined`. */
export function errorInfo(code: number): ErrorInfo | undefined {
  return byCode.get(code);
}

/** The registry's description of a code, or a generic text for an unknown one. */
export function describeError(code: number): string {
  return byCode.get(code)?.desc ?? `error ${code}`;
}
