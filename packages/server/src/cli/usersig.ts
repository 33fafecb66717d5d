import { readFile } from 'node:fs/promises';
import { isValidUserID } from '@parley/protocol';
import { genUserSig, MAX_EXPIRE_SECONDS } from '@parley/usersig';
import {
  isValidSdkAppID,
  isValidSecretKey,
  SDK_APP_ID_RULE,
  SECRET_KEY_RULE,
} from '../storage/app-settings.js';
import { expectPositionals, HELP_OPTION, parseFlags, required } from './flags.js';
import { CommandError, type CommandIO, ExitCode } from './io.js';
import { USAGE } from './usage.js';

const USERSIG_OPTIONS = {
  ...HELP_OPTION,
  sdkappid: { type: 'string' },
  key: { type: 'string' },
  'key-file': { type: 'string' },
  user: { type: 'string' },
  expire: { type: 'string' },
} as const;

/** `parley usersig`: prints a ticket signed with the app's key, for tests, scripts and the demo. */
export async function usersigCommand(args: readonly string[], io: CommandIO): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, USERSIG_OPTIONS, 'usersig');
  if (values.help) {
    io.stdout(`${USAGE.usersig}\n`);
    return ExitCode.OK;
  }
  expectPositionals(positionals, 0, 'usersig');

  const sdkAppIDText = required(values.sdkappid, 'sdkappid', 'usersig');
  const sdkAppID = /^\d+$/.test(sdkAppIDText) ? Number(sdkAppIDText) : Number.NaN;
  if (!isValidSdkAppID(sdkAppID)) throw invalid('--sdkappid', sdkAppIDText, SDK_APP_ID_RULE);

  const userID = required(values.user, 'user', 'usersig');
  if (!isValidUserID(userID)) throw invalid('--user', userID, 'a UserID of 1 to 32 bytes of printable ASCII');

  let expire: number | undefined;
  if (values.expire !== undefined) {
    expire = /^\d+$/.test(values.expire) ? Number(values.expire) : Number.NaN;
    if (!(expire >= 1 && expire <= MAX_EXPIRE_SECONDS)) {
      throw invalid('--expire', values.expire, `an integer from 1 to ${MAX_EXPIRE_SECONDS} (seconds)`);
    }
  }

  const key = await readKey(values.key, values['key-file']);
  io.stdout(`${genUserSig({ sdkAppID, key, userID, ...(expire === undefined ? {} : { expire }) })}\n`);
  return ExitCode.OK;
}

async function readKey(key: string | undefined, keyFile: string | undefined): Promise<string> {
  if (key !== undefined && keyFile !== undefined) {
    throw new CommandError('give either --key or --key-file, not both', ExitCode.USAGE, 'usersig');
  }
  if (key !== undefined) {
    if (!isValidSecretKey(key)) throw invalid('--key', undefined, SECRET_KEY_RULE);
    return key;
  }
  if (keyFile === undefined)
    throw new CommandError('missing --key (or --key-file)', ExitCode.USAGE, 'usersig');

  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CommandError(`cannot read --key-file ${keyFile}: ${reason}`, ExitCode.FAILED);
  }
  const fromFile = keyFromFileText(text);
  if (!isValidSecretKey(fromFile)) {
    throw new CommandError(`--key-file ${keyFile} holds no key: expected ${SECRET_KEY_RULE}`, ExitCode.USAGE);
  }
  return fromFile;
}

/** A key file is the key itself, or JSON with a `secretKey` field (as `default-app.json` is). */
function keyFromFileText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'secretKey' in parsed &&
      typeof parsed.secretKey === 'string'
    ) {
      return parsed.secretKey;
    }
  } catch {
    // Not JSON after all: treat the text as the key, which the caller then checks.
  }
  return trimmed;
}

// Keys are never echoed back, even when wrong: the message names the flag and the rule only.
function invalid(flag: string, text: string | undefined, rule: string): CommandError {
  const shown = text === undefined ? '' : ` ${JSON.stringify(text)}`;
  return new CommandError(`invalid ${flag}${shown}: expected ${rule}`, ExitCode.USAGE);
}
