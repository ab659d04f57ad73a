package dev.switchyard.core.routing;

import dev.switchyard.core.Ticker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The health of every endpoint this process has routed to, keyed by {@link Candidate#key()}. Each replica learns on
 * its own; with Redis, replicas also tell each other which endpoints their breakers or cooldowns keep out
 * ({@link EndpointHealth#ownUnavailability}, {@link EndpointHealth#learnedElsewhere}).
 */
public final class HealthRegistry {

    private final HealthConfig config;
    private final Ticker ticker;
    private final Map<String, EndpointHealth> byKey = new ConcurrentHashMap<>();

    public HealthRegistry(HealthConfig config, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
    }

    /** The health of one endpoint, created on first use. */
    public EndpointHealth of(String key) {
        EndpointHealth h = byKey.get(key);
        return h != null ? h : byKey.computeIfAbsent(key, k -> new EndpointHealth(config, ticker));
    }

    /** Every endpoint's health known here, by key. */
    public void forEach(BiConsumer<String, EndpointHealth> action) {
        byKey.forEach(action);
    }

    /** The tuning every endpoint's health shares. */
    public HealthConfig config() {
        return config;
    }

    public Ticker ticker() {
        return ticker;
    }
}
