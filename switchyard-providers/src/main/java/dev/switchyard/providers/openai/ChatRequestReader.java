package dev.switchyard.providers.openai;

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
import dev.switchyard.providers.codec.ContentParts;
import dev.switchyard.providers.codec.DataUrls;
import dev.switchyard.providers.codec.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads an OpenAI Chat Completions request body into the IR. */
final class ChatRequestReader {

    private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
            "response_format", "reasoning_effort", "reasoning", "max_tokens", "max_completion_tokens", "temperature",
            "top_p", "top_k", "presence_penalty", "frequency_penalty", "seed", "stop", "stream", "stream_options",
            "user", "n", "models", "provider", "route", "session_id", "transforms", "plugins", "prompt_cache_key",
            "simulator");

    private ChatRequestReader() {
    }

    static ChatRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw GatewayError.invalidRequest("the request body must be a JSON object", "body");
        }
        ChatRequest.Builder b = ChatRequest.builder(Fields.requiredText(body, "model", "model"),
                WireProtocol.OPENAI_CHAT);
        int i = 0;
        for (JsonNode m : Fields.requiredArray(body, "messages", "messages")) {
            b.message(message(m, "messages[" + i++ + "]"));
        }
        i = 0;
        for (JsonNode t : Fields.array(body, "tools", "tools")) {
            String path = "tools[" + i++ + "]";
            JsonNode fn = Fields.objectOrEmpty(t, "function", path + ".function");
            b.tool(new ToolSpec(Fields.requiredText(fn, "name", path + ".function.name"),
                    Fields.text(fn, "description", path + ".function.description", ""),
                    fn.has("parameters") ? fn.get("parameters") : Fields.object().put("type", "object"),
                    fn.path("strict").asBoolean(false), Fields.cacheMark(t)));
        }
        if (Fields.given(body, "tool_choice")) {
            b.toolChoice(toolChoice(body.get("tool_choice")));
        }
        Fields.bool(body, "parallel_tool_calls", "parallel_tool_calls", b::parallelToolCalls);
        if (Fields.given(body, "response_format")) {
            b.responseFormat(responseFormat(body.get("response_format")));
        }
        reasoning(body, b);
        Fields.integer(body, "max_tokens", "max_tokens", b::maxOutputTokens);
        Fields.integer(body, "max_completion_tokens", "max_completion_tokens", b::maxOutputTokens);
        Fields.number(body, "temperature", "temperature", b::temperature);
        Fields.number(body, "top_p", "top_p", b::topP);
        Fields.integer(body, "top_k", "top_k", b::topK);
        Fields.number(body, "presence_penalty", "presence_penalty", b::presencePenalty);
        Fields.number(body, "frequency_penalty", "frequency_penalty", b::frequencyPenalty);
        Fields.integer(body, "seed", "seed", b::seed);
        Fields.strings(body, "stop", "stop").forEach(b::stop);
        Fields.bool(body, "stream", "stream", b::stream);
        b.user(Fields.text(body, "user", "user", ""));
        if (body.path("n").asInt(1) != 1) {
            throw GatewayError.invalidRequest("n other than 1 is not supported when the provider speaks another "
                    + "protocol", "n");
        }
        return b.extras(Fields.unknown(body, KNOWN)).build();
    }

    private static void reasoning(JsonNode body, ChatRequest.Builder b) {
        String effort = Fields.text(body, "reasoning_effort", "reasoning_effort", "");
        JsonNode r = body.get("reasoning");
        if (r != null && r.isObject()) {
            String e = Fields.text(r, "effort", "reasoning.effort", effort);
            long budget = r.path("max_tokens").asLong(0);
            boolean enabled = r.path("enabled").asBoolean(!"none".equals(e)) && !"none".equals(e);
            b.reasoning(new ReasoningConfig(enabled, "none".equals(e) ? "" : e, Math.max(0, budget),
                    !r.path("exclude").asBoolean(false)));
        } else if (!effort.isEmpty()) {
            boolean enabled = !"none".equals(effort);
            b.reasoning(new ReasoningConfig(enabled, enabled ? effort : "", 0, true));
        }
    }

    private static Message message(JsonNode m, String path) {
        if (!m.isObject()) {
            throw GatewayError.invalidRequest(path + " must be an object", path);
        }
        String role = Fields.requiredText(m, "role", path + ".role");
        return switch (role) {
            case "system", "developer" -> new Message(Role.SYSTEM, content(m.get("content"), path + ".content"));
            case "user" -> new Message(Role.USER, content(m.get("content"), path + ".content"));
            case "assistant" -> assistant(m, path);
            case "tool" -> new Message(Role.TOOL, List.of(new Part.ToolResult(
                    Fields.requiredText(m, "tool_call_id", path + ".tool_call_id"), "",
                    content(m.get("content"), path + ".content"), false, CacheMark.NONE)));
            default -> throw GatewayError.invalidRequest(path + ".role must be one of system, developer, user, "
                    + "assistant, tool (got '" + role + "')", path + ".role");
        };
    }

    private static Message assistant(JsonNode m, String path) {
        List<Part> parts = new ArrayList<>();
        JsonNode details = m.get("reasoning_details");
        if (details != null && details.isArray()) {
            for (JsonNode d : details) {
                String type = d.path("type").asText();
                if (type.equals("reasoning.encrypted")) {
                    parts.add(ReasoningTokens.unwrap("", "", d.path("data").asText(""), WireProtocol.OPENAI_CHAT));
                } else if (type.equals("reasoning.text") || type.equals("reasoning.summary")) {
                    String text = d.path(type.equals("reasoning.text") ? "text" : "summary").asText("");
                    parts.add(ReasoningTokens.unwrap(text, d.path("signature").asText(""), "",
                            WireProtocol.OPENAI_CHAT));
                }
            }
        } else {
            String reasoning = m.path("reasoning_content").asText(m.path("reasoning").asText(""));
            if (!reasoning.isEmpty()) {
                parts.add(new Part.Reasoning(reasoning, "", "", WireProtocol.OPENAI_CHAT));
            }
        }
        JsonNode content = m.get("content");
        if (content != null && !content.isNull()) {
            parts.addAll(content(content, path + ".content"));
        }
        int i = 0;
        for (JsonNode call : Fields.array(m, "tool_calls", path + ".tool_calls")) {
            String p = path + ".tool_calls[" + i++ + "]";
            JsonNode fn = Fields.objectOrEmpty(call, "function", p + ".function");
            parts.add(new Part.ToolCall(Fields.requiredText(call, "id", p + ".id"),
                    Fields.requiredText(fn, "name", p + ".function.name"),
                    Fields.text(fn, "arguments", p + ".function.arguments", "{}")));
        }
        return new Message(Role.ASSISTANT, ReasoningParts.merge(parts));
    }

    /** A message's content: a string, or an array of typed parts. */
    static List<Part> content(JsonNode content, String path) {
        return ContentParts.read(content, path, ChatRequestReader::part);
    }

    private static Part part(JsonNode p, String type, String at) {
        return switch (type) {
            case "text" -> new Part.Text(Fields.requiredText(p, "text", at + ".text"), Fields.cacheMark(p));
            case "image_url" -> {
                JsonNode img = p.get("image_url");
                String url = img != null && img.isTextual() ? img.asText()
                        : Fields.requiredText(Fields.objectOrEmpty(p, "image_url", at + ".image_url"), "url",
                        at + ".image_url.url");
                yield DataUrls.image(url, img != null ? img.path("detail").asText("") : "");
            }
            case "file" -> {
                JsonNode f = Fields.objectOrEmpty(p, "file", at + ".file");
                Part.Image data = DataUrls.image(f.path("file_data").asText(""), "");
                yield new Part.File("", data.mediaType(), data.data(), f.path("filename").asText(""));
            }
            default -> new Part.Opaque(p, WireProtocol.OPENAI_CHAT);
        };
    }

    private static ToolChoice toolChoice(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw GatewayError.invalidRequest("tool_choice must be auto, none, required or a "
                        + "function object", "tool_choice");
            };
        }
        return ToolChoice.tool(Fields.requiredText(Fields.objectOrEmpty(n, "function", "tool_choice.function"), "name",
                "tool_choice.function.name"));
    }

    private static ResponseFormat responseFormat(JsonNode n) {
        String type = Fields.requiredText(n, "type", "response_format.type");
        return switch (type) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> ResponseFormat.JSON_OBJECT;
            case "json_schema" -> {
                JsonNode s = Fields.objectOrEmpty(n, "json_schema", "response_format.json_schema");
                if (!s.has("schema")) {
                    throw GatewayError.invalidRequest("response_format.json_schema.schema is required",
                            "response_format.json_schema.schema");
                }
                yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, s.path("name").asText(""), s.get("schema"),
                        s.path("strict").asBoolean(false));
            }
            default -> throw GatewayError.invalidRequest("response_format.type must be text, json_object or "
                    + "json_schema", "response_format.type");
        };
    }
}
