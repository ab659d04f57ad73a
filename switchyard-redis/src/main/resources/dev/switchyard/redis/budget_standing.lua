-- One scope's standing. KEYS: its base key. ARGV: now, periodStart. Returns {start, spent, reserved}.
local st = load(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[1]))
save(KEYS[1], st)
return { string.format('%d', st.start), fmt(st.spent), fmt(st.reserved) }
