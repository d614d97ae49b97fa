/**
 * Lua scripts of the Redis budget store. Each runs atomically on the server, which is what makes a
 * fleet's reservations exact: no two processes can both see room for one last request.
 *
 * Amounts are pico-dollars and exceed Lua's doubles (2^53 pico-dollars is only $9,007), so the
 * scripts never do arithmetic in Lua: Redis' own INCRBY/DECRBY do 64-bit integer sums, values are
 * read back with GET as decimal strings, and limits are compared as strings (`le` below). The
 * largest representable counter is 2^63-1 pico-dollars, about $9.2 million per scope and period.
 *
 * KEYS[1] is the sorted set of hold deadlines (member = reservation id, score = deadline ms),
 * KEYS[2] the hash of holds (field = reservation id, value = "amount key1 key2 ..."), then the
 * counters. Time comes from the server (TIME), so every process agrees on hold expiry.
 */

/** Shared prelude: string comparison of decimal integers, server time and the lapsed-hold sweep. */
const prelude = `
local function le(a, b)
  local an, bn = string.sub(a, 1, 1) == '-', string.sub(b, 1, 1) == '-'
  if an ~= bn then return an end
  if an then a, b = string.sub(b, 2), string.sub(a, 2) end
  if #a ~= #b then return #a < #b end
  return a <= b
end
local function nowms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function split(s)
  local parts = {}
  for part in string.gmatch(s, '%S+') do parts[#parts + 1] = part end
  return parts
end
local function returnhold(id)
  local record = redis.call('HGET', KEYS[2], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[1], id)
  if not record then return nil end
  local parts = split(record)
  for i = 2, #parts do
    if redis.call('EXISTS', parts[i]) == 1 then redis.call('DECRBY', parts[i], parts[1]) end
  end
  return parts
end
local function sweep(now)
  local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 64)
  for _, id in ipairs(lapsed) do returnhold(id) end
end
`;

/**
 * Reserve. ARGV: id, amount, holdMs, admission (`room` or `fit`), then limit and expireAtMs per
 * counter key (KEYS[3..]). `room` admits while every counter is below its limit (the spend can
 * pass it by at most this one hold); `fit` only when the whole amount fits. Returns {1} when
 * held, or {0, key, committed, limit} for the first counter that refuses.
 */
export const reserveScript = `${prelude}
local now = nowms()
sweep(now)
local id, amount, fit = ARGV[1], ARGV[2], ARGV[4] == 'fit'
local n = #KEYS - 2
for i = 1, n do
  local key, limit = KEYS[i + 2], ARGV[3 + i * 2]
  if fit then
    redis.call('INCRBY', key, amount)
    local committed = redis.call('GET', key)
    if not le(committed, limit) then
      for j = 1, i do redis.call('DECRBY', KEYS[j + 2], amount) end
      return {0, key, redis.call('GET', key), limit}
    end
  else
    local committed = redis.call('GET', key) or '0'
    if le(limit, committed) then return {0, key, committed, limit} end
  end
end
local record = amount
for i = 1, n do
  if not fit then redis.call('INCRBY', KEYS[i + 2], amount) end
  redis.call('PEXPIREAT', KEYS[i + 2], ARGV[4 + i * 2])
  record = record .. ' ' .. KEYS[i + 2]
end
redis.call('HSET', KEYS[2], id, record)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), id)
return {1}
`;

/**
 * Settle. KEYS[3] is the sorted set of settled ids (score = when, kept two days); the counters
 * follow (KEYS[4..]). ARGV: id, actual, then expireAtMs per counter key. A live hold is replaced
 * by the actual on the hold's own keys; a lapsed one (already returned by a sweep) still charges
 * the actual to the given keys, because the money was spent. A settle of an id already settled
 * (a retry after a timeout whose first try did land) changes nothing. Returns 1 (held), 0
 * (lapsed) or 2 (duplicate).
 */
export const settleScript = `${prelude}
local id, actual = ARGV[1], ARGV[2]
local now = nowms()
if redis.call('ZSCORE', KEYS[3], id) then return 2 end
redis.call('ZADD', KEYS[3], now, id)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 172800000)
local parts = returnhold(id)
for i = 4, #KEYS do
  redis.call('INCRBY', KEYS[i], actual)
  redis.call('PEXPIREAT', KEYS[i], ARGV[i - 1])
end
if parts then return 1 end
return 0
`;

/** Release: returns a live hold unspent. ARGV: id. Returns 1 if a hold was live, else 0. */
export const releaseScript = `${prelude}
if returnhold(ARGV[1]) then return 1 end
return 0
`;
