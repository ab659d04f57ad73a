package dev.switchyard.core.usage;

import java.util.List;

/**
 * Aggregated usage, answered from the ledger's rollups (never by scanning raw records, so the cost of a query grows
 * with the number of buckets and dimension values, not with traffic). Blocking: call it off the event loop.
 */
public interface UsageQueries {

    /**
     * The rows of the query, ordered by bucket, then by the grouped values. Buckets and groups without records are
     * absent.
     */
    List<UsageRow> usage(UsageQuery query);
}
