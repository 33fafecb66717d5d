/** Usage texts of `parley` and its commands, shown by `--help` and after a command-line mistake. */

const DATABASE_FLAGS = `Database:
  --db URL              an SQLite path, sqlite:PATH, or postgres://… (PARLEY_DB; default <data-dir>/parley.db)
  --data-dir DIR        data folder (PARLEY_DATA_DIR; default ./data)`;

const SERVE = `Usage: parley serve [flags]

Runs the server. Prints "parley listening on http://HOST:PORT" once it accepts connections;
SIGTERM or SIGINT stops it gracefully.

Flags (each has an environment variable; the flag wins):
  --host H              address to listen on (PARLEY_HOST; default 127.0.0.1)
  --port P              port, 0 picks a free one (PARLEY_PORT; default 8080)
  --redis URL           cluster mode: share presence and delivery through this Redis (PARLEY_REDIS_URL)
  --redis-prefix P      prefix of the Redis keys, to share one Redis (PARLEY_REDIS_PREFIX; default parley)
  --presence-ttl MS     how long the instances of a dead process stay registered
                        (PARLEY_PRESENCE_TTL_MS; default 30000)
  --workers N           run N server processes sharing the port; needs --redis (PARLEY_WORKERS)
  --demo                demo mode: mint a ticket for any UserID (unsafe; PARLEY_DEMO); loopback
                        hosts only unless --demo-allow-remote (PARLEY_DEMO_ALLOW_REMOTE)
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (PARLEY_LOG_LEVEL; default info)

${DATABASE_FLAGS}

HTTP:
  --headers-timeout MS       time to receive a request's headers (PARLEY_HEADERS_TIMEOUT_MS; default 10000)
  --request-timeout MS       time to receive a whole request, body included
                             (PARLEY_REQUEST_TIMEOUT_MS; default 30000)
  --keep-alive-timeout MS    idle time of a keep-alive connection (PARLEY_KEEP_ALIVE_TIMEOUT_MS; default 5000)

Gateway:
  --heartbeat-interval MS    heartbeat period asked of clients (PARLEY_HEARTBEAT_INTERVAL_MS; default 30000)
  --heartbeat-timeout MS     silence that drops a connection (PARLEY_HEARTBEAT_TIMEOUT_MS; default 90000)
  --max-frame-bytes N        largest accepted frame (PARLEY_MAX_FRAME_BYTES; default 1048576)
  --login-timeout MS         time a new connection has to log in (PARLEY_LOGIN_TIMEOUT_MS; default 10000)
  --max-usersig-lifetime S   longest ticket lifetime accepted (PARLEY_MAX_USERSIG_LIFETIME; default 1576800000)
  --login-failure-limit N    failed logins per user and address per minute before 70050
                             (PARLEY_LOGIN_FAILURE_LIMIT; default 5)
  --max-connections N        WebSockets held at once (PARLEY_MAX_CONNECTIONS; default 50000)
  --max-connections-per-address N
                             WebSockets held at once from one address
                             (PARLEY_MAX_CONNECTIONS_PER_ADDRESS; default 1000)

Messages:
  --revoke-window S          deprecated and ignored (PARLEY_REVOKE_WINDOW_SECONDS): the recall window is
                             an app setting, see "parley app set N --recall-window S"
  --callback-timeout MS      time budget of C2C.CallbackBeforeSendMsg (PARLEY_CALLBACK_TIMEOUT_MS; default 2000)
  --callback-fail-open B     deliver when that callback fails or times out: true or false
                             (PARLEY_CALLBACK_FAIL_OPEN; default true)
  --callback-deny-private    never post a state-change callback to a loopback, private or link-local
                             address (PARLEY_CALLBACK_DENY_PRIVATE; default off)

Files:
  --media URL                where uploads are kept: a folder or s3://bucket?endpoint=… (PARLEY_MEDIA;
                             default <data-dir>/media); see docs/media.md

App from the environment (created or updated at start): PARLEY_SDKAPPID, PARLEY_SECRET_KEY,
PARLEY_ADMIN, PARLEY_LOGIN_POLICY, PARLEY_MAX_WEB_INSTANCES, PARLEY_MAX_INSTANCES_PER_PLATFORM,
PARLEY_CALLBACK_URL, PARLEY_RETENTION_DAYS, PARLEY_RECALL_WINDOW_SECONDS, PARLEY_MAX_MESSAGE_BYTES.
Without them, the first start creates a default app and stores its key in
<data-dir>/default-app.json.`;

const USERSIG = `Usage: parley usersig --sdkappid N (--key K | --key-file PATH) --user ID [--expire SECONDS]

Prints a ticket (UserSig) for a user.

  --sdkappid N          the app's SDKAppID
  --key K               the app's secret key
  --key-file PATH       read the key from a file: plain text, or JSON with a "secretKey" field
                        (such as <data-dir>/default-app.json)
  --user ID             the UserID
  --expire SECONDS      validity (default 15552000, 180 days)`;

const APP_SETTINGS = `Settings:
  --name X                          display name
  --admin ID                        an admin UserID; repeat for several (up to 10), replaces the list
  --login-policy P                  single | dual | triple | multi
  --max-web-instances N             1 to 10
  --max-instances-per-platform N    1 to 3
  --callback-url URL|none           where webhooks are posted; none removes it
  --retention-days D                how long messages stay in history and sync: 1 to 3650 (default 7)
  --recall-window S                 how long a sender may recall a message: 0 to 604800 seconds
                                    (default 120)
  --max-message-bytes B             largest message body: 1 to 65536 bytes (default 12288)
  --max-members-work N              member limit of a Work group: 1 to 100000 (default 200)
  --max-members-public N            member limit of a Public group: 1 to 100000 (default 2000)
  --max-members-meeting N           member limit of a Meeting group: 1 to 100000 (default 6000)
  --max-members-community N         member limit of a Community: 1 to 1000000 (default 100000)
  --max-joined-groups N             groups a user may be in (AVChatRoom aside): 1 to 100000
                                    (default 1000)
  --push-friend-status on|off       push friends' status without a subscription (default off)
  --c2c-friends-only on|off         only friends may send one-to-one messages (default off)
  --reveal-blocked on|off           a blocked sender gets 20007 (on, default) or a fake success
  --profile-key KEY                 a custom profile key users may set (Tag_Profile_Custom_KEY):
                                    1 to 8 ASCII letters; repeat for several, up to 20
  --max-image-bytes N               largest image upload in bytes (default 29360128, 28 MB)
  --max-sound-bytes N               largest voice upload in bytes (default 29360128, 28 MB)
  --max-file-bytes N                largest file upload in bytes (default 104857600, 100 MB)
  --max-video-bytes N               largest video upload in bytes (default 104857600, 100 MB)
  --read-receipt-group-types LIST   group types with read receipts, comma-separated, or none
                                    (default Work,Public,Meeting,Community)`;

const APP = `Usage:
  parley app create [--sdkappid N] [settings]   creates an app, prints it with its secret key
  parley app list [--json]                      lists apps (without keys)
  parley app show N                             prints an app with its secret key
  parley app set N [settings]                   changes an app's settings
  parley app push add N --business-id ID --type apns --key-file F.p8 --key-id K --team-id T
                        --bundle-id B [--sandbox] [--endpoint URL] [--ca-file F.pem]
  parley app push add N --business-id ID --type fcm --service-account F.json [--endpoint URL]
                        [--ca-file F.pem]
  parley app push add N --business-id ID --type webhook --url URL
  parley app push list N [--json]               lists the app's push providers (without secrets)
  parley app push remove N --business-id ID     removes a push provider

${APP_SETTINGS}

${DATABASE_FLAGS}`;

const MAIN = `Usage: parley <command> [flags]

Commands:
  serve      run the server
  usersig    print a ticket (UserSig) for a user
  app        create, list, show and change apps
  help       show this text, or a command's: parley help <command>

Run "parley <command> --help" for a command's flags.`;

/** The usage text of a command, or of `parley` itself. */
export const USAGE: Readonly<Record<'main' | 'serve' | 'usersig' | 'app', string>> = Object.freeze({
  main: MAIN,
  serve: SERVE,
  usersig: USERSIG,
  app: APP,
});

export type UsageTopic = keyof typeof USAGE;

export function isUsageTopic(name: string | undefined): name is UsageTopic {
  return name !== undefined && Object.hasOwn(USAGE, name);
}
