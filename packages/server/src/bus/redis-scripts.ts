/**
 * The Lua scripts of the Redis bus. Each runs atomically inside Redis, which is what makes a
 * user's snapshot consistent and a claim's compare-and-set safe against other nodes.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * KEYS: user index, version. ARGV: a displaced key to read along, or ''.
 * Returns [version, displaced JSON or nil, …instance JSON]. Index entries whose key expired are
 * dropped on the way; that changes nothing anyone can see, so the version stays.
 */
export const SNAPSHOT = script(`
local out = { redis.call('GET', KEYS[2]) or '0', false }
if ARGV[1] ~= '' then out[2] = redis.call('GET', ARGV[1]) end
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local value = redis.call('GET', key)
  if value then table.insert(out, value) else redis.call('SREM', KEYS[1], key) end
end
return out
`);

/**
 * KEYS: user index, version, displaced index. ARGV: expected version, index TTL (ms), displaced
 * instances kept per user, then groups of four: op, key, value, TTL (ms). `put`/`drop` write an
 * instance key and its index entry. `gone` writes a displaced record (JSON with `until`) and
 * indexes it, dropping the oldest records beyond the limit; `del` deletes a displaced record and
 * unindexes it. Applies nothing and returns 0 when the version moved since the snapshot.
 * (The displaced keys share the user's hash tag, so they sit in the slot of the declared keys.)
 */
export const APPLY = script(`
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
local keep = tonumber(ARGV[3])
for i = 4, #ARGV, 4 do
  local op, key = ARGV[i], ARGV[i + 1]
  if op == 'put' then
    redis.call('SET', key, ARGV[i + 2], 'PX', ARGV[i + 3])
    redis.call('SADD', KEYS[1], key)
  elseif op == 'drop' then
    redis.call('DEL', key)
    redis.call('SREM', KEYS[1], key)
  elseif op == 'gone' then
    redis.call('SET', key, ARGV[i + 2], 'PX', ARGV[i + 3])
    redis.call('ZADD', KEYS[3], cjson.decode(ARGV[i + 2])['until'], key)
    redis.call('PEXPIRE', KEYS[3], ARGV[i + 3])
    local excess = redis.call('ZCARD', KEYS[3]) - keep
    if excess > 0 then
      for _, old in ipairs(redis.call('ZRANGE', KEYS[3], 0, excess - 1)) do redis.call('DEL', old) end
      redis.call('ZREMRANGEBYRANK', KEYS[3], 0, excess - 1)
    end
  elseif op == 'del' then
    redis.call('DEL', key)
    redis.call('ZREM', KEYS[3], key)
  end
end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
if redis.call('SCARD', KEYS[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`);

/**
 * ARGV: node ID, presence TTL (ms), index TTL (ms), then groups of five: instance key, user index,
 * version, displaced key, presence JSON. Extends the TTL of each instance this node still holds
 * connected (and of its user's index). An instance key that vanished without a displacement was
 * lost by Redis (a restart without persistence, an eviction, a pause longer than the TTL) while the
 * connection lives on: it is written back. Returns the instance keys this node no longer holds
 * (kicked, displaced, resumed elsewhere), which it stops refreshing.
 */
export const REFRESH = script(`
local lost = {}
for i = 4, #ARGV, 5 do
  local key, index, version = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local value = redis.call('GET', key)
  local held = false
  if value then
    local entry = cjson.decode(value)
    held = entry.nodeID == ARGV[1] and entry.connected == true
    if held then redis.call('PEXPIRE', key, ARGV[2]) end
  elseif redis.call('EXISTS', ARGV[i + 3]) == 0 then
    held = true
    redis.call('SET', key, ARGV[i + 4], 'PX', ARGV[2])
    redis.call('SADD', index, key)
    redis.call('INCR', version)
  end
  if held then
    redis.call('PEXPIRE', index, ARGV[3])
    redis.call('PEXPIRE', version, ARGV[3])
  else
    table.insert(lost, key)
  end
end
return lost
`);

/** Runs a script by its SHA, loading it on the first NOSCRIPT (a fresh or restarted Redis). */
export async function runScript(
  redis: Redis,
  { sha, source }: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(source, keys.length, ...keys, ...args);
  }
}
