-- Adds `more` to a live hold on every scope, or changes nothing when the hold is gone or any scope lacks the credit.
-- KEYS: one base key per scope. ARGV: now, more, leaseMillis, id, then per scope: limit, periodStart. Returns 1 or 0.
local now, more, lease, id = tonumber(ARGV[1]), parse(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local states = {}
for i = 1, #KEYS do
  local limit, start = parse(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
  local st = load(KEYS[i], start, now)
  states[i] = st
  st.hold = redis.call('HGET', KEYS[i] .. ':h', id)
  if not st.hold or cmp(sub0(limit, add(st.spent, st.reserved)), more) < 0 then
    for j = 1, i do save(KEYS[j], states[j]) end
    return 0
  end
end
for i = 1, #KEYS do
  local st = states[i]
  local amount, holdStart = string.match(st.hold, '^(%d+) (%d+)$')
  st.reserved = add(st.reserved, more)
  save(KEYS[i], st)
  redis.call('HSET', KEYS[i] .. ':h', id, fmt(add(parse(amount), more)) .. ' ' .. holdStart)
  redis.call('ZADD', KEYS[i] .. ':l', now + lease, id)
end
return 1
