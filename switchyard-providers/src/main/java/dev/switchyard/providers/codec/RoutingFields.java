package dev.switchyard.providers.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RoutingControls;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenRouter's routing controls ({@code models}, {@code provider}, {@code session_id}) as any front door's body
 * carries them, plus what the planner needs to know of the request (its parameters by their OpenAI names, tools,
 * output cap, a prompt-size estimate), read from the IR so that every format is judged the same way.
 */
public final class RoutingFields {

    private RoutingFields() {
    }

    public static RoutingControls read(JsonNode body, ChatRequest r, String sessionHeader) {
        List<String> fallbacks = new ArrayList<>();
        JsonNode models = body.get("models");
        if (models != null && !models.isNull()) {
            if (!models.isArray()) {
                throw GatewayError.invalidRequest("models must be an array of model ids", "models");
            }
            for (JsonNode m : models) {
                if (!m.isTextual()) {
                    throw GatewayError.invalidRequest("models must be an array of model ids", "models");
                }
                if (!m.asText().equals(r.model()) && !fallbacks.contains(m.asText())) {
                    fallbacks.add(m.asText());
                }
            }
        }
        JsonNode provider = body.get("provider");
        ProviderPreferences preferences = provider == null || provider.isNull() ? ProviderPreferences.NONE
                : ProviderPreferences.fromJson(provider);
        String session = body.path("session_id").asText("");
        if (session.isEmpty()) {
            session = sessionHeader;
        }
        if (session.isEmpty()) {
            session = r.user();
        }
        if (session.length() > 256) {
            session = session.substring(0, 256);
        }
        return new RoutingControls(fallbacks, preferences, session, parameters(r), !r.tools().isEmpty(),
                r.maxOutputTokens().orElse(0), promptEstimate(r));
    }

    /** The request's parameters by the names models declare support for. */
    static Set<String> parameters(ChatRequest r) {
        Set<String> names = new HashSet<>();
        if (!r.tools().isEmpty()) {
            names.add("tools");
        }
        r.toolChoice().ifPresent(c -> names.add("tool_choice"));
        r.parallelToolCalls().ifPresent(c -> names.add("parallel_tool_calls"));
        r.responseFormat().ifPresent(f -> names.add("response_format"));
        r.reasoning().ifPresent(f -> names.add("reasoning"));
        r.maxOutputTokens().ifPresent(v -> names.add("max_tokens"));
        r.temperature().ifPresent(v -> names.add("temperature"));
        r.topP().ifPresent(v -> names.add("top_p"));
        r.topK().ifPresent(v -> names.add("top_k"));
        r.presencePenalty().ifPresent(v -> names.add("presence_penalty"));
        r.frequencyPenalty().ifPresent(v -> names.add("frequency_penalty"));
        r.seed().ifPresent(v -> names.add("seed"));
        if (!r.stop().isEmpty()) {
            names.add("stop");
        }
        return names;
    }

    /** About four characters a token over the text of the conversation; a routing hint, not a count. */
    public static long promptEstimate(ChatRequest r) {
        long chars = 0;
        for (Message m : r.messages()) {
            chars += 16;
            for (Part p : m.parts()) {
                chars += switch (p) {
                    case Part.Text t -> t.text().length();
                    case Part.ToolCall c -> c.name().length() + c.arguments().length();
                    case Part.ToolResult res -> res.text().length();
                    case Part.Reasoning rs -> rs.text().length();
                    case Part.Image img -> 3000; // a typical image's token cost, in characters
                    default -> 0;
                };
            }
        }
        for (var t : r.tools()) {
            chars += t.name().length() + t.description().length() + t.parameters().toString().length();
        }
        return chars / 4;
    }
}
