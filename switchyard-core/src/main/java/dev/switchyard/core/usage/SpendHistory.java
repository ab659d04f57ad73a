package dev.switchyard.core.usage;

import dev.switchyard.core.accounts.Scope;

/**
 * Settled spend as the ledger remembers it, read from its rollups: how budgets find their place again after a restart,
 * and how {@code GET /api/v1/key} reports daily, weekly and monthly usage. Blocking: call it off the event loop.
 */
public interface SpendHistory {

    /** Picodollars spent by the scope in records created at or after {@code sinceMillis} (UTC-aligned hours). */
    long spentSince(Scope scope, long sinceMillis);
}
