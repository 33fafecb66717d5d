import { CompiledQuery, PostgresDialect } from 'kysely';
import { Pool, TypeOverrides } from 'pg';
import type { StorageDialect } from './dialect.js';
import { splitPostgresUrl } from './postgres-url.js';

/** Connections per server process; a cluster of N processes holds up to N times this many. */
const POOL_SIZE = 10;
/** A connection attempt that takes longer means the database is down or unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;

const INT8_OID = 20;

/**
 * `bigint` columns hold SDKAppIDs (uint32) and millisecond times, both far below 2^53, and
 * `count(*)` is `bigint` too. node-postgres returns them as strings so as never to lose precision;
 * reading them as numbers gives every dialect the same row shapes. Set per pool, not globally, so
 * other users of `pg` in the same process are not affected.
 */
function numericBigints(): TypeOverrides {
  const overrides = new TypeOverrides();
  overrides.setTypeParser(INT8_OID, 'text', (text: string) => Number(text));
  return overrides;
}

/**
 * Opens a PostgreSQL database for cluster mode: a `pg` pool per process, shared by every server
 * process of the deployment. A `schema` query parameter in the URL (`postgres://…/db?schema=parley`)
 * keeps Parley's tables in that schema, created when missing, so one database can host several
 * deployments or test runs side by side.
 */
export function createPostgresDialect(url: string): StorageDialect {
  const { connectionString, schema, description } = splitPostgresUrl(url);
  const pool = new Pool({
    connectionString,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types: numericBigints(),
    // A startup parameter, so every connection of the pool uses the schema without an extra query.
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection that the server drops (restart, failover) is replaced on the next query; the
  // pool emits the error on itself, and without a listener Node would treat it as fatal.
  pool.on('error', () => {});
  return {
    dialect: new PostgresDialect({
      pool,
      ...(schema === undefined
        ? {}
        : { onCreateConnection: (connection) => ensureSchema(connection, schema) }),
    }),
    capabilities: {
      singleWriter: false,
      skipLocked: true,
      arrayParameters: true,
      identityColumns: true,
      clusteredTables: false,
    },
    description,
    ...(schema === undefined ? {} : { schema }),
  };
}

/** PostgreSQL's codes for "that schema exists already", which two processes starting at once can both meet. */
const SCHEMA_EXISTS_CODES: ReadonlySet<string> = new Set(['42P06', '23505']);

async function ensureSchema(
  connection: { executeQuery(query: CompiledQuery): Promise<unknown> },
  schema: string,
): Promise<void> {
  try {
    // The name was checked against a strict pattern, so it can be written into the statement.
    await connection.executeQuery(CompiledQuery.raw(`create schema if not exists "${schema}"`));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (typeof code !== 'string' || !SCHEMA_EXISTS_CODES.has(code)) throw error;
  }
}
