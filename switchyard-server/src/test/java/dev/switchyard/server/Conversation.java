package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * A request described once and written by each door in its own format.
 *
 * @param tool offer the {@code get_weather} tool
 * @param image attach a small inline PNG
 * @param jsonSchema ask for output following {@link #SCHEMA}
 * @param reasoning ask for reasoning
 * @param previous an earlier answer with a tool call, replayed with {@link #TOOL_RESULT} as its result
 */
record Conversation(boolean tool, boolean image, boolean jsonSchema, boolean reasoning, Optional<Reply> previous) {

    static final String USER_TEXT = "What is the weather in Paris?";
    static final String TOOL_RESULT = "18 degrees and sunny";
    /** A 1x1 transparent PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode SCHEMA = parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}");
    static final JsonNode TOOL_PARAMETERS = parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"
            + "\"string\"},\"unit\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    static Conversation plain() {
        return new Conversation(false, false, false, false, Optional.empty());
    }

    Conversation withTool() {
        return new Conversation(true, image, jsonSchema, reasoning, previous);
    }

    Conversation withImage() {
        return new Conversation(tool, true, jsonSchema, reasoning, previous);
    }

    Conversation withSchema() {
        return new Conversation(tool, image, true, reasoning, previous);
    }

    Conversation withReasoning() {
        return new Conversation(tool, image, jsonSchema, true, previous);
    }

    Conversation after(Reply reply) {
        return new Conversation(tool, image, jsonSchema, reasoning, Optional.of(reply));
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
