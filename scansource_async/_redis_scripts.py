"""The Lua scripts of :class:`~scansource_async.RedisRateLimiter`'s GCRA strategy: each rate
check or pause is one atomic script call (one round trip), on Redis's own clock."""

from __future__ import annotations

from typing import Final

from ._limits import CUBIC_BETA, CUBIC_C, CUT_SPACING, MEASURE_MIN_SPAN, MEASURE_WINDOW, MIN_RATE

__all__ = ["ADAPTIVE_PAUSE_LUA", "ADAPTIVE_RESERVE_LUA", "CUBIC_LUA", "PAUSE_LUA", "RESERVE_LUA"]

# Reserve the next send slot: KEYS[1] holds the next free slot (Redis server time, seconds),
# KEYS[2] is the 429 pause marker (its PTTL is the pause left). ARGV[1] is 1 / max_rate,
# ARGV[2] how far a slot may lag behind now and still be kept (so a late wake-up does not
# slow the schedule down); older slots restart at now, so an idle key never builds a burst.
# Returns the seconds the caller waits before sending, as a string (Redis would truncate a
# Lua number to an integer).
RESERVE_LUA: Final = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local slot = tonumber(redis.call('GET', KEYS[1])) or now
if slot < now - tonumber(ARGV[2]) then slot = now end
local pause_ms = redis.call('PTTL', KEYS[2])
if pause_ms > 0 and now + pause_ms / 1000 > slot then slot = now + pause_ms / 1000 end
local following = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.6f', following),
           'PX', math.ceil((following - now) * 1000) + 1000)
return string.format('%.6f', slot - now)
"""

# Extend the shared 429 pause to ARGV[1] milliseconds from now; never shorten it.
PAUSE_LUA: Final = """
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
  return 1
end
return 0
"""

# The adaptive rate's shared state: KEYS[3] a hash (w_max, floor, k, from, quiet, cuts) as
# CubicRate keeps it in _limits, KEYS[4] a sorted set of recent send slots, KEYS[5] one of
# recent 429s. CURRENT(now, max_rate) is the rate the curve gives at `now`.
CUBIC_LUA: Final = f"""
local function current(now, max_rate)
  local s = redis.call('HMGET', KEYS[3], 'w_max', 'floor', 'k', 'from', 'cuts')
  if not s[1] then return max_rate, 0 end
  local w_max, floor, k, from = tonumber(s[1]), tonumber(s[2]), tonumber(s[3]), tonumber(s[4])
  local cuts = tonumber(s[5])
  local t = now - from
  if t <= 0 then return math.min(max_rate, floor), cuts end
  local d = t - k
  return math.min(max_rate, math.max(floor, {CUBIC_C!r} * d * d * d + w_max)), cuts
end
"""

# Reserve a send slot at the shared adaptive rate (KEYS as above; ARGV[1] max_rate, ARGV[2]
# the catch-up of RESERVE_LUA). Returns "wait rate cuts".
ADAPTIVE_RESERVE_LUA: Final = (
    CUBIC_LUA
    + """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate, cuts = current(now, tonumber(ARGV[1]))
local slot = tonumber(redis.call('GET', KEYS[1])) or now
if slot < now - tonumber(ARGV[2]) then slot = now end
local pause_ms = redis.call('PTTL', KEYS[2])
if pause_ms > 0 and now + pause_ms / 1000 > slot then slot = now + pause_ms / 1000 end
local following = slot + 1 / rate
redis.call('SET', KEYS[1], string.format('%.6f', following),
           'PX', math.ceil((following - now) * 1000) + 1000)
redis.call('ZADD', KEYS[4], slot, string.format('%.6f', slot))
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 3)
redis.call('PEXPIRE', KEYS[4], 5000)
return string.format('%.6f %.6f %d', slot - now, rate, cuts)
"""
)

# Extend the shared pause as PAUSE_LUA does (ARGV[1] ms), count the 429 and, unless it belongs
# to the overload of the last cut, cut the shared rate (ARGV[2] max_rate). Returns "rate cuts".
ADAPTIVE_PAUSE_LUA: Final = (
    CUBIC_LUA
    + f"""
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local max_rate = tonumber(ARGV[2])
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[2]) < ms then redis.call('SET', KEYS[2], '1', 'PX', ms) end
local resume = now + math.max(redis.call('PTTL', KEYS[2]), 0) / 1000
redis.call('ZADD', KEYS[5], now, string.format('%.6f:%d', now, redis.call('ZCARD', KEYS[5])))
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - 3)
redis.call('PEXPIRE', KEYS[5], 5000)
local rate, cuts = current(now, max_rate)
local quiet = tonumber(redis.call('HGET', KEYS[3], 'quiet')) or -1
if now < quiet then return string.format('%.6f %d', rate, cuts) end
local window = {MEASURE_WINDOW!r}
local sent = redis.call('ZCOUNT', KEYS[4], now - window, '+inf')
local throttled = redis.call('ZCOUNT', KEYS[5], now - window, '+inf')
local first = redis.call('ZRANGEBYSCORE', KEYS[4], now - window, '+inf',
                         'WITHSCORES', 'LIMIT', 0, 1)
local span = window
if first[2] then
  span = math.min(window, math.max({MEASURE_MIN_SPAN!r}, now - tonumber(first[2])))
end
local achieved = math.min(math.max(0, sent - throttled) / span, rate)
local last_w_max = tonumber(redis.call('HGET', KEYS[3], 'w_max')) or max_rate
if achieved < last_w_max then achieved = achieved * {(1 + CUBIC_BETA) / 2!r} end
local w_max = math.max({MIN_RATE!r}, achieved)
local floor = math.max({MIN_RATE!r}, math.min({CUBIC_BETA!r} * achieved, {CUBIC_BETA!r} * rate))
local k = (math.max(0, w_max - floor) / {CUBIC_C!r}) ^ (1 / 3)
cuts = cuts + 1
redis.call('HSET', KEYS[3], 'w_max', string.format('%.6f', w_max),
           'floor', string.format('%.6f', floor), 'k', string.format('%.6f', k),
           'from', string.format('%.6f', resume),
           'quiet', string.format('%.6f', resume + {CUT_SPACING!r}), 'cuts', cuts)
redis.call('EXPIRE', KEYS[3], 86400)
return string.format('%.6f %d', floor, cuts)
"""
)
