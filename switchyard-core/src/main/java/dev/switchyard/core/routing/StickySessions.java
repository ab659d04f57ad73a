package dev.switchyard.core.routing;

import dev.switchyard.core.Ticker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which candidate last served a session for a model, so the session's next requests land on the same
 * endpoint and its prompt cache stays warm. An entry expires after {@code idleTtlNanos} without use, and the table
 * holds at most {@code capacity} sessions, forgetting the least recently used.
 */
public final class StickySessions {

    private final Ticker ticker;
    private final long idleTtlNanos;
    private final Map<String, Slot> entries;

    private record Slot(String candidateKey, long lastUsedNanos) {
    }

    public StickySessions(Ticker ticker, long idleTtlNanos, int capacity) {
        this.ticker = ticker;
        this.idleTtlNanos = idleTtlNanos;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The candidate the session last used for this model, if the entry is still fresh. */
    public synchronized Optional<String> get(String session, String modelId) {
        String k = session + "\u0000" + modelId;
        Slot e = entries.get(k);
        if (e == null) {
            return Optional.empty();
        }
        if (ticker.nanos() - e.lastUsedNanos > idleTtlNanos) {
            entries.remove(k);
            return Optional.empty();
        }
        return Optional.of(e.candidateKey);
    }

    /** Records that the candidate served the session for this model. */
    public synchronized void put(String session, String modelId, String candidateKey) {
        entries.put(session + "\u0000" + modelId, new Slot(candidateKey, ticker.nanos()));
    }
}
