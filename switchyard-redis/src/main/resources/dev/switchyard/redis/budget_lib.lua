-- Shared by the budget scripts (prepended to each). Money is picodollars up to 2^63-1, beyond Lua's exact doubles
-- (2^53), so amounts travel as decimal strings and are added and compared as pairs {billions, units}, each exact.
local B = 1000000000
local MAX = { 9223372036, 854775807 }

local function parse(s)
  if not s or s == '' then return { 0, 0 } end
  local n = #s
  if n <= 9 then return { 0, tonumber(s) } end
  return { tonumber(string.sub(s, 1, n - 9)), tonumber(string.sub(s, n - 8)) }
end

local function fmt(a)
  if a[1] == 0 then return string.format('%d', a[2]) end
  return string.format('%d%09d', a[1], a[2])
end

local function cmp(a, b)
  if a[1] ~= b[1] then if a[1] < b[1] then return -1 else return 1 end end
  if a[2] ~= b[2] then if a[2] < b[2] then return -1 else return 1 end end
  return 0
end

-- a + b, saturating at 2^63-1
local function add(a, b)
  local hi, lo = a[1] + b[1], a[2] + b[2]
  if lo >= B then lo, hi = lo - B, hi + 1 end
  local r = { hi, lo }
  if cmp(r, MAX) > 0 then return { MAX[1], MAX[2] } end
  return r
end

-- max(0, a - b)
local function sub0(a, b)
  if cmp(a, b) <= 0 then return { 0, 0 } end
  local hi, lo = a[1] - b[1], a[2] - b[2]
  if lo < 0 then lo, hi = lo + B, hi - 1 end
  return { hi, lo }
end

-- One scope's state, moved to the period starting at `start` (periods never move backwards) and cleared of holds
-- whose lease ran out. Keys: base (HASH start/spent/reserved), base..':h' (HASH id -> "amount start"),
-- base..':l' (ZSET id -> lease expiry).
local function load(base, start, now)
  local v = redis.call('HMGET', base, 'start', 'spent', 'reserved')
  local st = { start = tonumber(v[1] or start), spent = parse(v[2]), reserved = parse(v[3]) }
  if start > st.start then st.start, st.spent = start, { 0, 0 } end
  local expired = redis.call('ZRANGEBYSCORE', base .. ':l', '-inf', now)
  for _, id in ipairs(expired) do
    local h = redis.call('HGET', base .. ':h', id)
    if h then
      st.reserved = sub0(st.reserved, parse(string.match(h, '^(%d+)')))
      redis.call('HDEL', base .. ':h', id)
    end
    redis.call('ZREM', base .. ':l', id)
  end
  return st
end

local function save(base, st)
  redis.call('HSET', base, 'start', string.format('%d', st.start), 'spent', fmt(st.spent), 'reserved', fmt(st.reserved))
end
