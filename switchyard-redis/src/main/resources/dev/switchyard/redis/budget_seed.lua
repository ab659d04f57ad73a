-- Seeds a scope's spend from the durable ledger when Redis does not know its current period (a fresh or emptied
-- Redis); a period Redis already counts is kept, since it includes spend the ledger may not have yet.
-- KEYS: base key. ARGV: periodStart, spent. Returns 1 when seeded.
local start = tonumber(ARGV[1])
local known = redis.call('HGET', KEYS[1], 'start')
if known and tonumber(known) >= start then return 0 end
redis.call('HSET', KEYS[1], 'start', ARGV[1], 'spent', ARGV[2])
if not redis.call('HGET', KEYS[1], 'reserved') then redis.call('HSET', KEYS[1], 'reserved', '0') end
return 1
