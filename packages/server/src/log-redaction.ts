/**
 * What keeps tickets and keys out of the log. Redaction works on the finished JSON line rather than
 * on the logged object: it sees every level of nesting and every string, including messages that
 * fastify formats itself (`Route GET:/x?usersig=… not found`), and it never walks into objects, so a
 * Buffer or a getter cannot make it throw (pino's path-based redaction did, on a Buffer, at trace).
 */

export const REDACTED = '[Redacted]';

/**
 * Names whose values are secrets, in any spelling: `userSig`, `UserSig`, `usersig`, `sig`, `ticket`,
 * `token`, `secretKey`, `secret_key`, `key`, `password`, `authorization`… Matched on the whole name,
 * case-insensitively, so that `instanceKey` or `orderKey` stay readable.
 */
const SECRET_NAME =
  /^(?:[\w.-]*(?:sig|token|secret|passw(?:or)?d|ticket|credentials?|authorization|cookie|secret_?key|api_?key|private_?key)|key)$/i;

/** True when a member or parameter of this name holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(decodeName(name));
}

// `name=value` in a URL query (separated by `&` or `;`, the old CGI separator that some servers and
// clients still accept) or in a message. The name is 1-64 characters without separators.
const PARAMETER = /([?&;"\s]|^)([^=&;?#"\\\s]{1,64})=([^&;#"\\\s]*)/g;

/** A URL (or any text) with the value of every secret-named parameter replaced by `[Redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(PARAMETER, (match, before: string, name: string) =>
    isSecretName(name) ? `${before}${name}=${REDACTED}` : match,
  );
}

// A JSON member whose value is a string: `"name":"value"` as JSON.stringify writes it.
const STRING_MEMBER = /"((?:[^"\\]|\\.){1,64})":"((?:[^"\\]|\\.)*)"/g;

// A ticket by its shape, wherever it appears: the zlib header makes its text start with `eJ`, `eA`,
// `eF` or `eN`, and real tickets are 200-400 characters of the ticket alphabet.
const TICKET_SHAPE = /\be[AFJN][A-Za-z0-9*_-]{100,}/g;

/** One serialized log line with every secret it may carry replaced by `[Redacted]`. */
export function redactLine(line: string): string {
  return redactUrl(
    line.replace(STRING_MEMBER, (match, name: string) =>
      isSecretName(name) ? `"${name}":"${REDACTED}"` : match,
    ),
  ).replace(TICKET_SHAPE, REDACTED);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
