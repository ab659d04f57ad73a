-- Extends the leases (concurrency slots, budget holds) of requests still in flight on this replica. Only leases that still exist are
-- touched (XX): one that ran out or was settled stays gone.
-- KEYS: lease sets. ARGV: expiry, then one member per key.
local expiry = tonumber(ARGV[1])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', expiry, ARGV[i + 1])
end
return #KEYS
