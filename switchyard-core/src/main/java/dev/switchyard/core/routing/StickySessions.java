package dev.switchyard.core.routing;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Remembers which candidate last served a session for a model, so the session's next requests land on the same
 * endpoint and its prompt cache stays warm. An entry is forgotten after an idle time without use.
 *
 * <p>Implementations never block: answers are {@link Future}s, completed at once by the in-process table
 * ({@link LocalStickySessions}, one replica) and after one round trip by a shared one (replicas behind a load
 * balancer, so that a session sticks whichever replica it reaches). Stickiness is a preference, never a condition:
 * a table that cannot answer answers with no entries, and the request is routed as if the session were new.
 */
public interface StickySessions {

    /**
     * The candidate that last served the session for each of these models, for the entries still fresh.
     *
     * @param session the request's session key (never empty)
     * @param modelIds the models the request may be served by, primary first
     * @return candidate keys by model id; models without a fresh entry are absent
     */
    Future<Map<String, String>> lookup(String session, List<String> modelIds);

    /**
     * Records that the candidate served the session for this model, which also starts its idle time again. Callers
     * need not wait for the future.
     */
    Future<Void> remember(String session, String modelId, String candidateKey);
}
