package dev.switchyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The typed values of one configuration section. A value of the wrong type is an {@link IllegalArgumentException}
 * that names the key, the value and the expectation ({@code config: server.port: 'abc' (expected: a whole number)}),
 * where Jackson's lenient accessors would have read it as 0 or false.
 */
final class Values {

    private final String section;
    private final JsonNode node;

    /**
     * @param section the dotted path of the section, for messages
     * @param node the section, possibly missing
     */
    Values(String section, JsonNode node) {
        this.section = section;
        this.node = node;
    }

    /** Whether the section is not in the file at all. */
    boolean absent() {
        return node.isMissingNode() || node.isNull();
    }

    Optional<String> text(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            throw wrong(key, v, "a single value");
        }
        return Optional.of(v.asText());
    }

    OptionalLong integer(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return OptionalLong.of(v.asLong());
        }
        if (v.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(v.asText().trim().replace("_", "")));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw wrong(key, v, "a whole number");
    }

    OptionalDouble decimal(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return OptionalDouble.empty();
        }
        if (v.isNumber()) {
            return OptionalDouble.of(v.asDouble());
        }
        if (v.isTextual()) {
            try {
                return OptionalDouble.of(Double.parseDouble(v.asText().trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw wrong(key, v, "a number");
    }

    Optional<Boolean> bool(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isBoolean()) {
            return Optional.of(v.asBoolean());
        }
        if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(v.asText()));
        }
        throw wrong(key, v, "true or false");
    }

    private IllegalArgumentException wrong(String key, JsonNode v, String expected) {
        String shown = v.isValueNode() ? "'" + v.asText() + "'" : v.isArray() ? "a list" : "a mapping";
        return new IllegalArgumentException("config: " + section + "." + key + ": " + shown + " (expected: " + expected
                + ")");
    }
}
