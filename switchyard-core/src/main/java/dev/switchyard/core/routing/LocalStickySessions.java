package dev.switchyard.core.routing;

import dev.switchyard.core.Ticker;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The in-process sticky-session table of one replica: an entry expires after {@code idleTtlNanos} without use, and
 * the table holds at most {@code capacity} sessions, forgetting the least recently used. Its futures are complete when
 * returned, so the router plans at once.
 */
public final class LocalStickySessions implements StickySessions {

    private static final Future<Map<String, String>> NONE = Future.succeededFuture(Map.of());
    private static final Future<Void> DONE = Future.succeededFuture();

    private final Ticker ticker;
    private final long idleTtlNanos;
    private final Map<String, Slot> entries;

    private record Slot(String candidateKey, long lastUsedNanos) {
    }

    /**
     * @param ticker the injected monotonic time
     * @param idleTtlNanos how long an entry lives without use
     * @param capacity the most (session, model) entries kept
     */
    public LocalStickySessions(Ticker ticker, long idleTtlNanos, int capacity) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (idleTtlNanos < 0 || capacity < 1) {
            throw new IllegalArgumentException("sticky sessions: idle TTL " + idleTtlNanos + " ns, capacity "
                    + capacity + " (expected: TTL >= 0, capacity > 0)");
        }
        this.idleTtlNanos = idleTtlNanos;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public Future<Map<String, String>> lookup(String session, List<String> modelIds) {
        Map<String, String> found = lookupNow(session, modelIds);
        return found.isEmpty() ? NONE : Future.succeededFuture(found);
    }

    /** The same answer as {@link #lookup}, synchronously. */
    public Map<String, String> lookupNow(String session, List<String> modelIds) {
        Map<String, String> found = Map.of();
        for (String modelId : modelIds) {
            String key = get(session, modelId);
            if (key != null) {
                if (found.isEmpty()) {
                    found = new HashMap<>(4);
                }
                found.put(modelId, key);
            }
        }
        return found;
    }

    private synchronized String get(String session, String modelId) {
        String k = session + "\u0000" + modelId;
        Slot e = entries.get(k);
        if (e == null) {
            return null;
        }
        if (ticker.nanos() - e.lastUsedNanos > idleTtlNanos) {
            entries.remove(k);
            return null;
        }
        return e.candidateKey;
    }

    @Override
    public Future<Void> remember(String session, String modelId, String candidateKey) {
        rememberNow(session, modelId, candidateKey);
        return DONE;
    }

    /** The same as {@link #remember}, synchronously. */
    public synchronized void rememberNow(String session, String modelId, String candidateKey) {
        entries.put(session + "\u0000" + modelId, new Slot(candidateKey, ticker.nanos()));
    }
}
