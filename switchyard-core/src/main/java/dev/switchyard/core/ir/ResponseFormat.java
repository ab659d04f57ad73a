package dev.switchyard.core.ir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * Structured output.
 *
 * @param name the schema's name (OpenAI requires one), empty when not given
 * @param schema the JSON schema when {@code type} is {@link Type#JSON_SCHEMA}, else a null node
 */
public record ResponseFormat(Type type, String name, JsonNode schema, boolean strict) {

    /** Plain text, any JSON object, or JSON following a schema. */
    public enum Type { TEXT, JSON_OBJECT, JSON_SCHEMA }

    public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, "", NullNode.getInstance(), false);
    public static final ResponseFormat JSON_OBJECT =
            new ResponseFormat(Type.JSON_OBJECT, "", NullNode.getInstance(), false);

    public ResponseFormat {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
    }
}
