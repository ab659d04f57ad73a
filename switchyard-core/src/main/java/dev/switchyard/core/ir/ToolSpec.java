package dev.switchyard.core.ir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param parameters its JSON schema (an object schema)
 * @param strict whether the provider must follow the schema exactly (OpenAI {@code strict})
 */
public record ToolSpec(String name, String description, JsonNode parameters, boolean strict, CacheMark cache) {

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(cache, "cache");
    }
}
