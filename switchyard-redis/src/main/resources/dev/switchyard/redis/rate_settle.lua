-- Ends one admitted request: frees its concurrency lease and replaces its token estimate by the actual count in the
-- bucket it was charged to, if that bucket is still live.
-- KEYS: as rate_admit.lua. ARGV: now, admittedAt, estimate, actual, id, n, then per scope: rpm, tpm, maxConcurrent
local now = tonumber(ARGV[1])
local admittedSecond = math.floor(tonumber(ARGV[2]) / 1000)
local delta = tonumber(ARGV[4]) - tonumber(ARGV[3])
local id = ARGV[5]
local n = tonumber(ARGV[6])
local nowSecond = math.floor(now / 1000)
for i = 1, n do
  local b = 6 + (i - 1) * 3
  local rpm, tpm, conc = tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3])
  if rpm + tpm + conc > 0 then
    redis.call('ZREM', KEYS[3 * i], id .. ':' .. i)
    if tpm > 0 and nowSecond - admittedSecond <= 60 and admittedSecond <= nowSecond then
      local v = redis.call('HGET', KEYS[3 * i - 1], admittedSecond)
      if v then
        redis.call('HSET', KEYS[3 * i - 1], admittedSecond, math.max(0, tonumber(v) + delta))
      end
    end
  end
end
return 1
