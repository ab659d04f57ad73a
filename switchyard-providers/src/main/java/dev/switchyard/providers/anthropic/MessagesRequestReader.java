package dev.switchyard.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.CacheMark;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.core.ir.ReasoningParts;
import dev.switchyard.core.ir.ReasoningTokens;
import dev.switchyard.core.ir.ResponseFormat;
import dev.switchyard.core.ir.Role;
import dev.switchyard.core.ir.ToolChoice;
import dev.switchyard.core.ir.ToolSpec;
import dev.switchyard.providers.codec.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads an Anthropic Messages request body into the IR. */
final class MessagesRequestReader {

    private static final Set<String> KNOWN = Set.of("model", "messages", "system", "max_tokens", "tools",
            "tool_choice", "thinking", "output_config", "output_format", "stop_sequences", "temperature", "top_p",
            "top_k", "stream", "metadata", "models", "provider", "route", "session_id", "transforms", "plugins",
            "simulator");

    private MessagesRequestReader() {
    }

    static ChatRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw GatewayError.invalidRequest("the request body must be a JSON object", "body");
        }
        ChatRequest.Builder b = ChatRequest.builder(Fields.requiredText(body, "model", "model"),
                WireProtocol.ANTHROPIC_MESSAGES);
        if (!Fields.given(body, "max_tokens")) {
            throw GatewayError.invalidRequest("max_tokens: Field required", "max_tokens");
        }
        Fields.integer(body, "max_tokens", "max_tokens", b::maxOutputTokens);
        List<Part> system = new ArrayList<>();
        JsonNode top = body.get("system");
        if (top != null && !top.isNull()) {
            system.addAll(blocks(top, "system"));
        }
        List<Message> turns = new ArrayList<>();
        JsonNode messages = Fields.requiredArray(body, "messages", "messages");
        if (messages.isEmpty()) {
            throw GatewayError.invalidRequest("messages: at least one message is required", "messages");
        }
        int i = 0;
        for (JsonNode m : messages) {
            String path = "messages[" + i++ + "]";
            if (!m.isObject()) {
                throw GatewayError.invalidRequest(path + " must be an object", path);
            }
            String role = Fields.requiredText(m, "role", path + ".role");
            List<Part> parts = blocks(m.get("content"), path + ".content");
            switch (role) {
                case "assistant" -> turns.add(new Message(Role.ASSISTANT, ReasoningParts.merge(parts)));
                case "user" -> userTurn(turns, parts);
                case "system" -> system.addAll(SystemTurns.text(parts, path + ".content"));
                default -> throw GatewayError.invalidRequest(path + ".role must be user, assistant or system (got '"
                        + role + "')", path + ".role");
            }
        }
        if (turns.isEmpty()) {
            throw GatewayError.invalidRequest("messages: at least one user or assistant message is required",
                    "messages");
        }
        if (!system.isEmpty()) {
            b.message(new Message(Role.SYSTEM, system));
        }
        turns.forEach(b::message);
        i = 0;
        for (JsonNode t : Fields.array(body, "tools", "tools")) {
            String path = "tools[" + i++ + "]";
            if (!t.has("input_schema")) {
                throw GatewayError.invalidRequest(path + ": server tools (" + t.path("type").asText("unknown")
                        + ") are not supported; define a custom tool with input_schema", path);
            }
            b.tool(new ToolSpec(Fields.requiredText(t, "name", path + ".name"),
                    Fields.text(t, "description", path + ".description", ""), t.get("input_schema"),
                    t.path("strict").asBoolean(false), Fields.cacheMark(t)));
        }
        // the well-known objects are objects or absent: anything else is a 400 naming the field, never ignored
        for (String field : List.of("tool_choice", "thinking", "output_config", "output_format", "metadata")) {
            Fields.objectOrEmpty(body, field, field);
        }
        Fields.array(body, "stop_sequences", "stop_sequences"); // an array of strings, not a bare string
        JsonNode choice = body.get("tool_choice");
        if (choice != null && choice.isObject()) {
            String type = Fields.requiredText(choice, "type", "tool_choice.type");
            b.toolChoice(switch (type) {
                case "auto" -> ToolChoice.AUTO;
                case "any" -> ToolChoice.REQUIRED;
                case "none" -> ToolChoice.NONE;
                case "tool" -> ToolChoice.tool(Fields.requiredText(choice, "name", "tool_choice.name"));
                default -> throw GatewayError.invalidRequest("tool_choice.type must be auto, any, tool or none",
                        "tool_choice.type");
            });
            if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
                b.parallelToolCalls(false);
            }
        }
        JsonNode thinking = body.get("thinking");
        String effort = body.path("output_config").path("effort").asText("");
        if (thinking != null && thinking.isObject()) {
            String type = Fields.requiredText(thinking, "type", "thinking.type");
            boolean enabled = !type.equals("disabled");
            b.reasoning(new ReasoningConfig(enabled, enabled ? effort : "",
                    enabled ? Math.max(0, thinking.path("budget_tokens").asLong(0)) : 0,
                    !"omitted".equals(thinking.path("display").asText(""))));
        } else if (!effort.isEmpty()) {
            b.reasoning(new ReasoningConfig(true, effort, 0, true));
        }
        JsonNode format = body.get("output_format");
        if (format == null || format.isNull()) {
            format = body.path("output_config").get("format");
        }
        if (format != null && format.isObject()) {
            if (!"json_schema".equals(format.path("type").asText()) || !format.has("schema")) {
                throw GatewayError.invalidRequest("output_format must be {\"type\":\"json_schema\",\"schema\":{...}}",
                        "output_format");
            }
            b.responseFormat(new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "response", format.get("schema"),
                    true));
        }
        Fields.strings(body, "stop_sequences", "stop_sequences").forEach(b::stop);
        Fields.number(body, "temperature", "temperature", b::temperature);
        Fields.number(body, "top_p", "top_p", b::topP);
        Fields.integer(body, "top_k", "top_k", b::topK);
        Fields.bool(body, "stream", "stream", b::stream);
        b.user(body.path("metadata").path("user_id").asText(""));
        return b.extras(Fields.unknown(body, KNOWN)).build();
    }

    /** A user turn: its tool results first, as a {@link Role#TOOL} message, then the rest (as ContentParts does). */
    private static void userTurn(List<Message> turns, List<Part> parts) {
        List<Part> results = parts.stream().filter(p -> p instanceof Part.ToolResult).toList();
        List<Part> rest = parts.stream().filter(p -> !(p instanceof Part.ToolResult)).toList();
        if (!results.isEmpty()) {
            turns.add(new Message(Role.TOOL, results));
        }
        if (!rest.isEmpty() || results.isEmpty()) {
            turns.add(new Message(Role.USER, rest));
        }
    }

    /** A string, or an array of content blocks. */
    private static List<Part> blocks(JsonNode content, String path) {
        List<Part> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            throw GatewayError.invalidRequest(path + " is required", path);
        }
        if (content.isTextual()) {
            parts.add(Part.Text.of(content.asText()));
            return parts;
        }
        if (!content.isArray()) {
            throw GatewayError.invalidRequest(path + " must be a string or an array of content blocks", path);
        }
        int i = 0;
        for (JsonNode block : content) {
            String at = path + "[" + i++ + "]";
            String type = Fields.requiredText(block, "type", at + ".type");
            CacheMark cache = Fields.cacheMark(block);
            switch (type) {
                case "text" -> parts.add(new Part.Text(Fields.requiredText(block, "text", at + ".text"), cache));
                case "image" -> parts.add(image(block, at, cache));
                case "document" -> {
                    JsonNode source = Fields.objectOrEmpty(block, "source", at + ".source");
                    parts.add(new Part.File(source.path("url").asText(""), source.path("media_type").asText(""),
                            source.path("data").asText(""), block.path("title").asText("")));
                }
                case "tool_use" -> parts.add(new Part.ToolCall(Fields.requiredText(block, "id", at + ".id"),
                        Fields.requiredText(block, "name", at + ".name"),
                        block.has("input") ? block.get("input").toString() : "{}"));
                case "tool_result" -> {
                    JsonNode c = block.get("content");
                    List<Part> result = c == null || c.isNull() ? List.of() : blocks(c, at + ".content");
                    parts.add(new Part.ToolResult(Fields.requiredText(block, "tool_use_id", at + ".tool_use_id"), "",
                            result, block.path("is_error").asBoolean(false), cache));
                }
                case "thinking" -> parts.add(ReasoningTokens.unwrap(block.path("thinking").asText(""),
                        block.path("signature").asText(""), "", WireProtocol.ANTHROPIC_MESSAGES));
                case "redacted_thinking" -> parts.add(ReasoningTokens.unwrap("", "",
                        block.path("data").asText(""), WireProtocol.ANTHROPIC_MESSAGES));
                default -> parts.add(new Part.Opaque(block, WireProtocol.ANTHROPIC_MESSAGES));
            }
        }
        return parts;
    }

    private static Part.Image image(JsonNode block, String at, CacheMark cache) {
        JsonNode source = Fields.objectOrEmpty(block, "source", at + ".source");
        String type = Fields.requiredText(source, "type", at + ".source.type");
        return switch (type) {
            case "base64" -> new Part.Image("", Fields.requiredText(source, "media_type", at + ".source.media_type"),
                    Fields.requiredText(source, "data", at + ".source.data"), "", cache);
            case "url" -> new Part.Image(Fields.requiredText(source, "url", at + ".source.url"), "", "", "", cache);
            default -> throw GatewayError.invalidRequest(at + ".source.type must be base64 or url", at + ".source.type");
        };
    }
}
