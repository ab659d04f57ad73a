package dev.switchyard.core.usage.journal;

import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.UsageStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A store with the contract's idempotence that can be made unreachable, counting what it really inserted. */
final class MemoryStore implements UsageStore {

    final Map<String, UsageRecord> rows = new ConcurrentHashMap<>();
    final AtomicLong inserted = new AtomicLong();
    final AtomicLong offered = new AtomicLong();
    final AtomicInteger failures = new AtomicInteger();
    volatile boolean down;

    @Override
    public void append(List<UsageRecord> records) {
        if (down) {
            failures.incrementAndGet();
            throw new IllegalStateException("store unreachable");
        }
        for (UsageRecord r : records) {
            offered.incrementAndGet();
            if (rows.putIfAbsent(r.id(), r) == null) {
                inserted.incrementAndGet();
            }
        }
    }

    @Override
    public Optional<UsageRecord> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public void close() {
    }
}
