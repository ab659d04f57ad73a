-- Ends a hold: releases it, and adds `actual` to spend when the hold was made in the scope's current period.
-- A hold already settled (or run out) is gone, so a second settle changes nothing.
-- KEYS: one base key per scope. ARGV: now, actual, id, then per scope: periodStart. Returns how many scopes settled.
local now, actual, id = tonumber(ARGV[1]), parse(ARGV[2]), ARGV[3]
local settled = 0
for i = 1, #KEYS do
  local st = load(KEYS[i], tonumber(ARGV[3 + i]), now)
  local h = redis.call('HGET', KEYS[i] .. ':h', id)
  if h then
    local amount, holdStart = string.match(h, '^(%d+) (%d+)$')
    st.reserved = sub0(st.reserved, parse(amount))
    if tonumber(holdStart) == st.start then st.spent = add(st.spent, actual) end
    redis.call('HDEL', KEYS[i] .. ':h', id)
    redis.call('ZREM', KEYS[i] .. ':l', id)
    settled = settled + 1
  end
  save(KEYS[i], st)
end
return settled
