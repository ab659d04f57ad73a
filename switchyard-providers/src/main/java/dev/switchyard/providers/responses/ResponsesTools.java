package dev.switchyard.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.CacheMark;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ToolChoice;
import dev.switchyard.core.ir.ToolSpec;
import dev.switchyard.providers.codec.Fields;

/**
 * Reads the {@code tools} of a Responses request. Function tools become IR tools; {@code namespace} tools (Codex CLI
 * sends them) are flattened into function tools named by {@link ToolNames}. Tools that only OpenAI's own servers can
 * run ({@code web_search}, {@code file_search}, {@code code_interpreter}, {@code image_generation}, {@code mcp},
 * {@code local_shell}, {@code tool_search}, ...) and freeform {@code custom} tools have no equivalent at any provider
 * behind Switchyard: they are left out and recorded as unknown fields named {@code tools.<type>} (or
 * {@code tools.custom.<name>}), which every provider codec names in {@code x-switchyard-dropped-params}, and which
 * make the endpoint refuse the request under {@code provider.require_parameters}.
 */
final class ResponsesTools {

    private ResponsesTools() {
    }

    /**
     * @param dropped where left-out tools are recorded, as unknown top-level fields of the request
     */
    static void read(JsonNode body, ChatRequest.Builder b, ObjectNode dropped) {
        int i = 0;
        for (JsonNode t : Fields.array(body, "tools", "tools")) {
            String path = "tools[" + i++ + "]";
            if (!t.isObject()) {
                throw GatewayError.invalidRequest(path + " must be an object", path);
            }
            String type = Fields.requiredText(t, "type", path + ".type");
            switch (type) {
                case "function" -> b.tool(function(t, "", path));
                case "namespace" -> namespace(t, b, dropped, path);
                case "custom" -> dropped.set("tools.custom." + t.path("name").asText("unnamed"), t);
                default -> dropped.set("tools." + type, t);
            }
        }
    }

    /**
     * An object {@code tool_choice}: a function (with its namespace, if any); {@code allowed_tools} keeps its mode
     * and drops the restriction to a subset (named {@code tool_choice.allowed_tools}); forcing a tool that is
     * dropped here (a built-in or custom one) is a 400, since no provider could honour it.
     */
    static ToolChoice choice(JsonNode choice, ObjectNode dropped) {
        String type = Fields.text(choice, "type", "tool_choice.type", "function");
        return switch (type) {
            case "function" -> ToolChoice.tool(ToolNames.flatten(
                    Fields.text(choice, "namespace", "tool_choice.namespace", ""),
                    Fields.requiredText(choice, "name", "tool_choice.name")));
            case "allowed_tools" -> {
                dropped.set("tool_choice.allowed_tools", choice);
                yield "required".equals(choice.path("mode").asText("auto")) ? ToolChoice.REQUIRED : ToolChoice.AUTO;
            }
            default -> throw GatewayError.invalidRequest("tool_choice forces a '" + type + "' tool, which no "
                    + "provider behind this gateway can run", "tool_choice.type");
        };
    }

    private static void namespace(JsonNode t, ChatRequest.Builder b, ObjectNode dropped, String path) {
        String namespace = Fields.requiredText(t, "name", path + ".name");
        if (namespace.isEmpty()) {
            throw GatewayError.invalidRequest(path + ".name must not be empty", path + ".name");
        }
        String description = Fields.text(t, "description", path + ".description", "");
        int k = 0;
        for (JsonNode inner : Fields.requiredArray(t, "tools", path + ".tools")) {
            String at = path + ".tools[" + k++ + "]";
            if (!inner.isObject()) {
                throw GatewayError.invalidRequest(at + " must be an object", at);
            }
            String type = Fields.requiredText(inner, "type", at + ".type");
            if (type.equals("function")) {
                ToolSpec f = function(inner, namespace, at);
                b.tool(description.isBlank() || namespace.equals(ToolNames.DEFAULT_NAMESPACE) ? f
                        : new ToolSpec(f.name(), f.description().isEmpty() ? description
                                : description + "\n\n" + f.description(), f.parameters(), f.strict(), f.cache()));
            } else {
                dropped.set("tools." + namespace + "." + (type.equals("custom")
                        ? "custom." + inner.path("name").asText("unnamed") : type), inner);
            }
        }
    }

    private static ToolSpec function(JsonNode t, String namespace, String path) {
        String name = Fields.requiredText(t, "name", path + ".name");
        return new ToolSpec(ToolNames.flatten(namespace, name), Fields.text(t, "description", path + ".description", ""),
                t.has("parameters") && !t.get("parameters").isNull() ? t.get("parameters")
                        : Fields.object().put("type", "object"),
                t.path("strict").asBoolean(false), CacheMark.NONE);
    }
}
