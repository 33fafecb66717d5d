/**
 * Reading a REST URL: `/v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json`.
 * Stricter than a general query parser on purpose: a parameter given twice or a broken %-escape is
 * an unparsable URL (60002) rather than a guess at which value the caller meant.
 */

/** The parts of a REST URL the envelope reads. */
export interface RestUrl {
  /** The path without the query (which carries the admin's ticket): safe to log or echo. */
  path: string;
  /** `<service>/<command>`, or `undefined` when the path has another shape. */
  resource: string | undefined;
  /** Query parameters by name, each present at most once. */
  params: ReadonlyMap<string, string>;
}

export type RestUrlParse = { ok: true; url: RestUrl } | { ok: false; reason: string };

const RESOURCE_PATH = /^\/v4\/([A-Za-z0-9_]+)\/([A-Za-z0-9_]+)\/?$/;

/** The resource of a REST path, `/v4/<service>/<command>` → `<service>/<command>`. */
export function restResource(path: string): string | undefined {
  const match = RESOURCE_PATH.exec(path);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * Splits a request target (path and query, as HTTP sends it) into its resource and parameters;
 * `resourceOf` reads the resource from the path (another mount of the envelope has its own shape).
 */
export function parseRestUrl(
  target: string,
  resourceOf: (path: string) => string | undefined = restResource,
): RestUrlParse {
  const queryStart = target.indexOf('?');
  const path = queryStart < 0 ? target : target.slice(0, queryStart);
  const query = queryStart < 0 ? '' : target.slice(queryStart + 1);
  const resource = resourceOf(path);

  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1));
    if (name === undefined || value === undefined) {
      return { ok: false, reason: 'the query string has a malformed %-escape' };
    }
    if (params.has(name)) return { ok: false, reason: `the query parameter ${name} is given more than once` };
    params.set(name, value);
  }
  return { ok: true, url: { path, resource, params } };
}

/** Form-style decoding (`+` is a space); `undefined` for a malformed escape. */
function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
