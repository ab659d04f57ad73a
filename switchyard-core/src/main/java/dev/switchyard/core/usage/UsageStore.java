package dev.switchyard.core.usage;

import java.util.List;
import java.util.Optional;

/**
 * Where usage records are kept. Implementations are blocking (JDBC) and are only ever called from a dedicated writer
 * thread or a worker pool, never from an event loop. Writes are idempotent by record id.
 */
public interface UsageStore extends AutoCloseable {

    /** Stores the records; a record whose id is already stored is left as it is. */
    void append(List<UsageRecord> records);

    /** Finds one record by generation id. */
    Optional<UsageRecord> find(String id);

    @Override
    void close();
}
