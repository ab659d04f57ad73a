-- Extends the leases of holds still in flight on this replica (only those that still exist).
-- KEYS: lease sets. ARGV: expiry, then one id per key.
local expiry = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', expiry, ARGV[i + 1])
end
return #KEYS
