package dev.switchyard.core.usage;

import java.util.List;

/**
 * Lists raw ledger records by key, model, provider, status and time, newest first, a page at a time, through the
 * ledger's indexes. Raw records are kept for {@code ledger.retention_days}, so older requests are not found here
 * (their sums stay in the rollups). Blocking: call it off the event loop.
 */
public interface LedgerSearch {

    /** At most {@code filter.limit()} records, newest first. */
    List<UsageRecord> search(LedgerFilter filter);
}
