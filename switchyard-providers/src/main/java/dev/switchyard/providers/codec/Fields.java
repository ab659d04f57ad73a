package dev.switchyard.providers.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.CacheMark;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;

/**
 * Typed reads of request fields for the codecs, each failing with a 400 that names the field as the client wrote
 * it ({@code messages[2].content}). Absent and {@code null} fields are the same: not given.
 */
public final class Fields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Fields() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Whether the field is present and not null. */
    public static boolean given(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        return v != null && !v.isNull();
    }

    public static String requiredText(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw GatewayError.invalidRequest(path + " is required", path);
        }
        if (!v.isTextual()) {
            throw GatewayError.invalidRequest(path + " must be a string", path);
        }
        return v.asText();
    }

    public static String text(JsonNode parent, String field, String path, String fallback) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw GatewayError.invalidRequest(path + " must be a string", path);
        }
        return v.asText();
    }

    public static ArrayNode requiredArray(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw GatewayError.invalidRequest(path + " is required", path);
        }
        if (!(v instanceof ArrayNode a)) {
            throw GatewayError.invalidRequest(path + " must be an array", path);
        }
        return a;
    }

    public static ArrayNode array(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return array();
        }
        if (!(v instanceof ArrayNode a)) {
            throw GatewayError.invalidRequest(path + " must be an array", path);
        }
        return a;
    }

    public static JsonNode objectOrEmpty(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return object();
        }
        if (!v.isObject()) {
            throw GatewayError.invalidRequest(path + " must be an object", path);
        }
        return v;
    }

    public static void number(JsonNode parent, String field, String path, DoubleConsumer set) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber()) {
            throw GatewayError.invalidRequest(path + " must be a number", path);
        }
        set.accept(v.asDouble());
    }

    public static void integer(JsonNode parent, String field, String path, LongConsumer set) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw GatewayError.invalidRequest(path + " must be an integer", path);
        }
        set.accept(v.asLong());
    }

    public static void bool(JsonNode parent, String field, String path, Consumer<Boolean> set) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isBoolean()) {
            throw GatewayError.invalidRequest(path + " must be a boolean", path);
        }
        set.accept(v.asBoolean());
    }

    /** A string or an array of strings, as a list. */
    public static List<String> strings(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw GatewayError.invalidRequest(path + " must be a string or an array of strings", path);
        }
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw GatewayError.invalidRequest(path + " must be a string or an array of strings", path);
            }
            out.add(s.asText());
        }
        return out;
    }

    /** Anthropic's {@code cache_control}, as carried by several formats. */
    public static CacheMark cacheMark(JsonNode part) {
        JsonNode c = part.get("cache_control");
        if (c == null || !c.isObject()) {
            return CacheMark.NONE;
        }
        return "1h".equals(c.path("ttl").asText()) ? CacheMark.EPHEMERAL_1H : CacheMark.EPHEMERAL;
    }

    /** Writes {@code cache_control} for a mark, if any. */
    public static void putCacheMark(ObjectNode part, CacheMark mark) {
        if (mark == CacheMark.NONE) {
            return;
        }
        ObjectNode c = part.putObject("cache_control").put("type", "ephemeral");
        if (mark == CacheMark.EPHEMERAL_1H) {
            c.put("ttl", "1h");
        }
    }

    /** The fields of {@code body} not named in {@code known}, as a new object. */
    public static ObjectNode unknown(JsonNode body, Set<String> known) {
        ObjectNode out = object();
        body.properties().forEach(e -> {
            if (!known.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** Reads a JSON text as a tree, for tool arguments; invalid JSON becomes an empty object. */
    public static JsonNode parseArguments(String arguments) {
        if (arguments.isBlank()) {
            return object();
        }
        try {
            JsonNode n = dev.switchyard.core.json.Json.mapper().readTree(arguments);
            return n == null ? object() : n;
        } catch (java.io.IOException e) {
            return object();
        }
    }
}
