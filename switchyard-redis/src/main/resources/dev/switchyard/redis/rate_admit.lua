-- Admits one request against the rate limits of every scope given, or refuses it, atomically.
-- Mirrors dev.switchyard.core.accounts.local.LocalRateLimiter exactly; see RedisRateLimiter for the design.
-- KEYS: per scope i, three keys: requests (ZSET time->member), tokens (HASH second->tokens), leases (ZSET expiry->member)
-- ARGV: now, estimate, leaseMillis, id, n, then per scope: rpm, tpm, maxConcurrent
-- Returns: {admitted 0|1, refusing scope (1-based, 0 if none), refusing kind (1 req, 2 tok, 3 conc), retryAfter,
--           then per scope: counted, requestsUsed, requestsReset, tokensUsed, tokensReset, inFlight}
local now = tonumber(ARGV[1])
local estimate = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local id = ARGV[4]
local n = tonumber(ARGV[5])
local WINDOW = 60000
local LIVE = 60
local nowSecond = math.floor(now / 1000)

local function limitsOf(i)
  local b = 5 + (i - 1) * 3
  return tonumber(ARGV[b + 1]), tonumber(ARGV[b + 2]), tonumber(ARGV[b + 3])
end

-- live token buckets of a scope, oldest first; dead ones are deleted
local function buckets(key)
  local flat = redis.call('HGETALL', key)
  local live = {}
  local sum = 0
  for j = 1, #flat, 2 do
    local s = tonumber(flat[j])
    local t = tonumber(flat[j + 1])
    if nowSecond - s > LIVE then
      redis.call('HDEL', key, flat[j])
    else
      live[#live + 1] = { s, t }
      sum = sum + t
    end
  end
  table.sort(live, function(a, b) return a[1] < b[1] end)
  return sum, live
end

local refusing, refusingKind, retryAfter = 0, 0, -1
local tokenSums, tokenLive = {}, {}
for i = 1, n do
  local rpm, tpm, conc = limitsOf(i)
  if rpm + tpm + conc > 0 then
    local req, tok, leases = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
    if rpm > 0 then
      redis.call('ZREMRANGEBYSCORE', req, '-inf', now - WINDOW)
      if redis.call('ZCARD', req) >= rpm then
        local nth = redis.call('ZREVRANGE', req, rpm - 1, rpm - 1, 'WITHSCORES')
        local r = math.max(1, tonumber(nth[2]) + WINDOW - now)
        if r > retryAfter then refusing, refusingKind, retryAfter = i, 1, r end
      end
    else
      redis.call('DEL', req)
    end
    if tpm > 0 then
      local sum, live = buckets(tok)
      tokenSums[i], tokenLive[i] = sum, live
      if not (estimate <= tpm - sum or sum == 0) then
        local need = sum + estimate - tpm
        if estimate > tpm then need = sum end
        local freed, r = 0, nil
        for _, b in ipairs(live) do
          freed = freed + b[2]
          if freed >= need then r = math.max(1, (b[1] + LIVE + 1) * 1000 - now) break end
        end
        if r == nil then r = math.max(1, (nowSecond + LIVE + 1) * 1000 - now) end
        if r > retryAfter then refusing, refusingKind, retryAfter = i, 2, r end
      end
    else
      redis.call('DEL', tok)
    end
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    if conc > 0 and redis.call('ZCARD', leases) >= conc and 0 > retryAfter then
      refusing, refusingKind, retryAfter = i, 3, 0
    end
  end
end

local admitted = 0
if refusing == 0 then
  admitted = 1
  for i = 1, n do
    local rpm, tpm, conc = limitsOf(i)
    if rpm + tpm + conc > 0 then
      local req, tok, leases = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
      local member = id .. ':' .. i
      if rpm > 0 then
        local newest = redis.call('ZREVRANGE', req, 0, 0, 'WITHSCORES')
        local t = now
        if #newest > 0 then t = math.max(now, tonumber(newest[2])) end
        redis.call('ZADD', req, t, member)
        redis.call('PEXPIRE', req, 2 * WINDOW)
      end
      if tpm > 0 then
        redis.call('HINCRBY', tok, nowSecond, estimate)
        redis.call('PEXPIRE', tok, 2 * WINDOW + 2000)
        tokenSums[i] = tokenSums[i] + estimate
        local last = tokenLive[i][#tokenLive[i]]
        if last ~= nil and last[1] == nowSecond then last[2] = last[2] + estimate
        else tokenLive[i][#tokenLive[i] + 1] = { nowSecond, estimate } end
      end
      redis.call('ZADD', leases, now + lease, member)
      redis.call('PEXPIRE', leases, lease + WINDOW)
    end
  end
end

local out = { admitted, refusing, refusingKind, retryAfter }
for i = 1, n do
  local rpm, tpm, conc = limitsOf(i)
  if rpm + tpm + conc > 0 then
    local req, leases = KEYS[3 * i - 2], KEYS[3 * i]
    local used, reset = 0, 0
    if rpm > 0 then
      used = redis.call('ZCOUNT', req, '(' .. (now - WINDOW), '+inf')
      if used > 0 then
        local newest = redis.call('ZREVRANGE', req, 0, 0, 'WITHSCORES')
        reset = math.max(0, tonumber(newest[2]) + WINDOW - now)
      end
    end
    local tokens, tokenReset = 0, 0
    if tpm > 0 then
      tokens = tokenSums[i]
      local live = tokenLive[i]
      for j = #live, 1, -1 do
        if live[j][2] > 0 then tokenReset = math.max(0, (live[j][1] + LIVE + 1) * 1000 - now) break end
      end
    end
    local inFlight = redis.call('ZCARD', leases)
    out[#out + 1] = 1
    out[#out + 1] = used
    out[#out + 1] = reset
    out[#out + 1] = tokens
    out[#out + 1] = tokenReset
    out[#out + 1] = inFlight
  else
    for _ = 1, 6 do out[#out + 1] = 0 end
  end
end
return out
