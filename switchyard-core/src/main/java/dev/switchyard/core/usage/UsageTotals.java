package dev.switchyard.core.usage;

/**
 * Sums over a set of ledger records: what the rollups keep per bucket and dimension values. Money in picodollars.
 *
 * @param requests records counted
 * @param errors records whose status was 400 or more (client disconnects, 499, included)
 * @param promptTokens all input tokens
 * @param completionTokens all output tokens, reasoning included
 * @param cachedTokens input tokens read from a prompt cache
 * @param cacheWriteTokens input tokens written to a prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 * @param costPicos total cost
 * @param latencyMillisSum the sum of every record's total latency
 */
public record UsageTotals(long requests, long errors, long promptTokens, long completionTokens, long cachedTokens,
                          long cacheWriteTokens, long reasoningTokens, long costPicos, long latencyMillisSum) {

    /** Nothing counted. */
    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The totals of one record. */
    public static UsageTotals of(UsageRecord r) {
        Usage u = r.usage();
        return new UsageTotals(1, r.status() >= 400 ? 1 : 0, u.promptTokens(), u.completionTokens(), u.cachedTokens(),
                u.cacheWriteTokens(), u.reasoningTokens(), r.cost().totalPicos(), r.latencyMillis());
    }

    /** These totals and {@code o}'s together. */
    public UsageTotals plus(UsageTotals o) {
        return new UsageTotals(requests + o.requests, errors + o.errors, promptTokens + o.promptTokens,
                completionTokens + o.completionTokens, cachedTokens + o.cachedTokens,
                cacheWriteTokens + o.cacheWriteTokens, reasoningTokens + o.reasoningTokens, costPicos + o.costPicos,
                latencyMillisSum + o.latencyMillisSum);
    }

    /** Errors over requests, 0 when there were none. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    /** Mean total latency in milliseconds, 0 when there were no requests. */
    public double meanLatencyMillis() {
        return requests == 0 ? 0 : (double) latencyMillisSum / requests;
    }
}
