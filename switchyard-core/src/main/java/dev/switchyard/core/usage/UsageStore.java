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

    /**
     * Deletes up to {@code maxRows} raw records created before {@code cutoffMillis}, oldest first, and returns how many
     * it deleted. Aggregates (rollups) are kept. Used by {@link LedgerRetention}; a store that keeps no raw records
     * deletes nothing.
     */
    default int deleteRawBefore(long cutoffMillis, int maxRows) {
        return 0;
    }

    @Override
    void close();
}
