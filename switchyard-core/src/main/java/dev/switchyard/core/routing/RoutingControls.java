package dev.switchyard.core.routing;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a request says about its own routing, read by its front door.
 *
 * @param fallbackModels OpenRouter's {@code models[]}: further models to try, in order, after the primary
 * @param preferences OpenRouter's {@code provider} object
 * @param sessionKey {@code session_id} (or the {@code x-session-id} header, or {@code user}): the stickiness key;
 *     empty for none
 * @param parameters the request's top-level parameter names, for {@code require_parameters}
 * @param usesTools whether the request defines tools (a soft filter even without {@code require_parameters})
 * @param maxOutputTokens {@code max_tokens} / {@code max_completion_tokens}, 0 when absent
 * @param promptTokenEstimate a rough prompt size, for context-length filtering
 */
public record RoutingControls(List<String> fallbackModels, ProviderPreferences preferences, String sessionKey,
                              Set<String> parameters, boolean usesTools, long maxOutputTokens,
                              long promptTokenEstimate) {

    /** A request that says nothing about routing. */
    public static final RoutingControls NONE = new RoutingControls(List.of(), ProviderPreferences.NONE, "", Set.of(),
            false, 0, 0);

    public RoutingControls {
        fallbackModels = List.copyOf(fallbackModels);
        Objects.requireNonNull(preferences, "preferences");
        Objects.requireNonNull(sessionKey, "sessionKey");
        parameters = Set.copyOf(parameters);
    }

    /** These controls with other provider preferences. */
    public RoutingControls withPreferences(ProviderPreferences other) {
        return new RoutingControls(fallbackModels, other, sessionKey, parameters, usesTools, maxOutputTokens,
                promptTokenEstimate);
    }
}
