/** A PostgreSQL URL taken apart into what `pg` connects with and what Parley reads itself. */
export interface PostgresTarget {
  /** The URL without Parley's own parameters. */
  connectionString: string;
  /** The schema for Parley's tables (`?schema=NAME`); `undefined` uses the server's search path. */
  schema: string | undefined;
  /** For logs: the URL without its password. */
  description: string;
}

/** Unquoted-identifier names only, so the schema can be written into statements and startup options. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Splits `postgres://user:pass@host/db?schema=NAME`; throws `RangeError` for a malformed one. */
export function splitPostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError('the PostgreSQL URL is malformed; expected postgres://user@host:port/database');
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new RangeError(
      `the schema ${JSON.stringify(schema)} in the PostgreSQL URL must be lowercase letters, digits and _ (at most 63)`,
    );
  }
  parsed.searchParams.delete('schema');
  const connectionString = parsed.toString();
  if (parsed.password !== '') parsed.password = '***';
  return { connectionString, schema, description: parsed.toString() };
}
