-- Holds `picos` on every scope, or on none when any scope has less remaining (limit - spent - reserved).
-- KEYS: one base key per scope. ARGV: now, picos, leaseMillis, id, then per scope: limit, periodStart
-- Returns {1} when held, {0, index of the scope with the least remaining (1-based), its remaining}.
local now, picos, lease, id = tonumber(ARGV[1]), parse(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local states, least, leastRemaining = {}, 0, nil
for i = 1, #KEYS do
  local limit, start = parse(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
  local st = load(KEYS[i], start, now)
  states[i] = st
  local remaining = sub0(limit, add(st.spent, st.reserved))
  if leastRemaining == nil or cmp(remaining, leastRemaining) < 0 then least, leastRemaining = i, remaining end
end
if cmp(leastRemaining, picos) < 0 then
  for i = 1, #KEYS do save(KEYS[i], states[i]) end
  return { 0, least, fmt(leastRemaining) }
end
for i = 1, #KEYS do
  local st = states[i]
  st.reserved = add(st.reserved, picos)
  save(KEYS[i], st)
  redis.call('HSET', KEYS[i] .. ':h', id, fmt(picos) .. ' ' .. string.format('%d', st.start))
  redis.call('ZADD', KEYS[i] .. ':l', now + lease, id)
end
return { 1 }
