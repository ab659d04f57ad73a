package dev.switchyard.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in the string values of a configuration tree with values from
 * an environment map. An unset variable without a default becomes the empty string (so an unset API key leaves its
 * provider disabled rather than failing start-up). {@code $${} escapes a literal {@code ${}.
 *
 * <p>Only string scalars are touched, after YAML parsing, so a value can never inject YAML structure.
 */
public final class EnvInterpolator {

    private final Map<String, String> env;

    public EnvInterpolator(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** Interpolates every string value in the tree, in place, and returns it. */
    public JsonNode interpolate(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    field.setValue(TextNode.valueOf(interpolate(value.asText())));
                } else {
                    interpolate(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(interpolate(value.asText())));
                } else {
                    interpolate(value);
                }
            }
        }
        return node;
    }

    /** Interpolates one string. */
    public String interpolate(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ${ in config value: " + text);
                }
                String expr = text.substring(i + 2, end);
                int dflt = expr.indexOf(":-");
                String name = dflt < 0 ? expr : expr.substring(0, dflt);
                String value = env.get(name);
                if (value == null || value.isEmpty()) {
                    value = dflt < 0 ? "" : expr.substring(dflt + 2);
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
