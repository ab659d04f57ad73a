package dev.switchyard.core.usage;

/**
 * The cost of one generation, split by what was charged, in picodollars.
 *
 * @param promptPicos uncached input
 * @param completionPicos output, reasoning included
 * @param cachePicos cache reads and writes
 * @param requestPicos per-request fee
 */
public record Cost(long promptPicos, long completionPicos, long cachePicos, long requestPicos) {

    /** Nothing charged. */
    public static final Cost ZERO = new Cost(0, 0, 0, 0);

    /**
     * Prices the usage exactly. A zero cache price means the provider charges nothing for cached tokens; the catalog
     * loader fills a missing cache price with the prompt price, so an unlisted price is never read as free.
     */
    public static Cost of(Usage usage, Pricing pricing) {
        long prompt = Math.multiplyExact(usage.uncachedPromptTokens(), pricing.promptPicos());
        long completion = Math.multiplyExact(usage.completionTokens(), pricing.completionPicos());
        long cache = Math.addExact(Math.multiplyExact(usage.cachedTokens(), pricing.cacheReadPicos()),
                Math.multiplyExact(usage.cacheWriteTokens(), pricing.cacheWritePicos()));
        return new Cost(prompt, completion, cache, pricing.requestPicos());
    }

    public long totalPicos() {
        return promptPicos + completionPicos + cachePicos + requestPicos;
    }
}
