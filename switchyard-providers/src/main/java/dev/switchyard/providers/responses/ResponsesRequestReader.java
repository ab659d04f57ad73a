package dev.switchyard.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.switchyard.providers.codec.ContentParts;
import dev.switchyard.providers.codec.DataUrls;
import dev.switchyard.providers.codec.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an OpenAI Responses request into the IR. Switchyard's Responses door is stateless: {@code store} is accepted
 * and nothing is stored, and {@code previous_response_id} is refused with a 400 that says to send the whole
 * conversation (reasoning items included) instead.
 */
final class ResponsesRequestReader {

    private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "text", "reasoning", "max_output_tokens", "temperature", "top_p", "stream", "store",
            "user", "include", "metadata", "previous_response_id", "models", "provider", "route", "session_id",
            "transforms", "plugins", "prompt_cache_key", "simulator", "stream_options", "truncation",
            "service_tier", "safety_identifier");

    private ResponsesRequestReader() {
    }

    static ChatRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw GatewayError.invalidRequest("the request body must be a JSON object", "body");
        }
        if (Fields.given(body, "previous_response_id")) {
            throw GatewayError.invalidRequest("previous_response_id is not supported: this gateway is stateless "
                    + "(store: false); send the whole conversation in input, reasoning items included",
                    "previous_response_id");
        }
        ChatRequest.Builder b = ChatRequest.builder(Fields.requiredText(body, "model", "model"),
                WireProtocol.OPENAI_RESPONSES);
        String instructions = Fields.text(body, "instructions", "instructions", "");
        if (!instructions.isEmpty()) {
            b.message(Message.text(Role.SYSTEM, instructions));
        }
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw GatewayError.invalidRequest("input is required", "input");
        }
        if (input.isTextual()) {
            b.message(Message.text(Role.USER, input.asText()));
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw GatewayError.invalidRequest("input must not be an empty array", "input");
            }
            items(input, b);
        } else {
            throw GatewayError.invalidRequest("input must be a string or an array of items", "input");
        }
        ObjectNode extras = Fields.unknown(body, KNOWN);
        ResponsesTools.read(body, b, extras);
        JsonNode choice = body.get("tool_choice");
        if (choice != null && !choice.isNull()) {
            if (choice.isTextual()) {
                b.toolChoice(switch (choice.asText()) {
                    case "auto" -> ToolChoice.AUTO;
                    case "none" -> ToolChoice.NONE;
                    case "required" -> ToolChoice.REQUIRED;
                    default -> throw GatewayError.invalidRequest("tool_choice must be auto, none, required or "
                            + "{\"type\":\"function\",\"name\":...}", "tool_choice");
                });
            } else if (choice.isObject()) {
                b.toolChoice(ResponsesTools.choice(choice, extras));
            } else {
                throw GatewayError.invalidRequest("tool_choice must be a string or an object", "tool_choice");
            }
        }
        Fields.bool(body, "parallel_tool_calls", "parallel_tool_calls", b::parallelToolCalls);
        Fields.objectOrEmpty(body, "text", "text"); // objects or absent: anything else is a 400 naming the field
        Fields.objectOrEmpty(body, "reasoning", "reasoning");
        Fields.objectOrEmpty(body.path("text"), "format", "text.format");
        JsonNode format = body.path("text").get("format");
        if (format != null && format.isObject()) {
            String type = Fields.requiredText(format, "type", "text.format.type");
            b.responseFormat(switch (type) {
                case "text" -> ResponseFormat.TEXT;
                case "json_object" -> ResponseFormat.JSON_OBJECT;
                case "json_schema" -> {
                    if (!format.has("schema")) {
                        throw GatewayError.invalidRequest("text.format.schema is required", "text.format.schema");
                    }
                    yield new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, format.path("name").asText(""),
                            format.get("schema"), format.path("strict").asBoolean(false));
                }
                default -> throw GatewayError.invalidRequest("text.format.type must be text, json_object or "
                        + "json_schema", "text.format.type");
            });
        }
        JsonNode reasoning = body.get("reasoning");
        if (reasoning != null && reasoning.isObject()) {
            // OpenAI's effort and summary, and OpenRouter's max_tokens, enabled and exclude
            String effort = Fields.text(reasoning, "effort", "reasoning.effort", "");
            boolean enabled = !effort.equals("none") && reasoning.path("enabled").asBoolean(true);
            long budget = Math.max(0, reasoning.path("max_tokens").asLong(0));
            b.reasoning(new ReasoningConfig(enabled, enabled && !effort.equals("none") ? effort : "",
                    enabled ? budget : 0, !reasoning.path("exclude").asBoolean(false)));
        }
        Fields.integer(body, "max_output_tokens", "max_output_tokens", b::maxOutputTokens);
        Fields.number(body, "temperature", "temperature", b::temperature);
        Fields.number(body, "top_p", "top_p", b::topP);
        Fields.bool(body, "stream", "stream", b::stream);
        b.user(Fields.text(body, "user", "user", body.path("safety_identifier").asText("")));
        return b.extras(extras).build();
    }

    private static void items(JsonNode input, ChatRequest.Builder b) {
        int i = 0;
        List<Part> assistant = new ArrayList<>();
        for (JsonNode item : input) {
            String path = "input[" + i++ + "]";
            if (!item.isObject()) {
                throw GatewayError.invalidRequest(path + " must be an object", path);
            }
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> {
                    String role = Fields.requiredText(item, "role", path + ".role");
                    if (role.equals("assistant")) {
                        assistant.addAll(content(item.get("content"), path + ".content"));
                        continue;
                    }
                    flush(assistant, b);
                    Role r = switch (role) {
                        case "user" -> Role.USER;
                        case "system", "developer" -> Role.SYSTEM;
                        default -> throw GatewayError.invalidRequest(path + ".role must be user, assistant, system "
                                + "or developer (got '" + role + "')", path + ".role");
                    };
                    b.message(new Message(r, content(item.get("content"), path + ".content")));
                }
                case "reasoning" -> {
                    StringBuilder text = new StringBuilder();
                    for (JsonNode s : item.path("summary")) {
                        text.append(s.path("text").asText(""));
                    }
                    String token = item.path("encrypted_content").asText("");
                    assistant.add(ReasoningTokens.unwrap(text.toString(), token, "", WireProtocol.OPENAI_RESPONSES));
                }
                case "function_call" -> assistant.add(new Part.ToolCall(
                        Fields.requiredText(item, "call_id", path + ".call_id"),
                        ToolNames.flatten(Fields.text(item, "namespace", path + ".namespace", ""),
                                Fields.requiredText(item, "name", path + ".name")),
                        Fields.text(item, "arguments", path + ".arguments", "{}")));
                case "function_call_output" -> {
                    flush(assistant, b);
                    JsonNode output = item.get("output");
                    List<Part> result = output == null || output.isNull() ? List.of()
                            : output.isTextual() ? List.of(Part.Text.of(output.asText()))
                            : content(output, path + ".output");
                    b.message(new Message(Role.TOOL, List.of(new Part.ToolResult(
                            Fields.requiredText(item, "call_id", path + ".call_id"), "", result, false,
                            CacheMark.NONE))));
                }
                default -> throw GatewayError.invalidRequest(path + ".type '" + type + "' is not supported "
                        + "(expected message, reasoning, function_call or function_call_output)", path + ".type");
            }
        }
        flush(assistant, b);
    }

    private static void flush(List<Part> assistant, ChatRequest.Builder b) {
        if (!assistant.isEmpty()) {
            b.message(new Message(Role.ASSISTANT, ReasoningParts.merge(assistant)));
            assistant.clear();
        }
    }

    private static List<Part> content(JsonNode content, String path) {
        return ContentParts.read(content, path, ResponsesRequestReader::part);
    }

    private static Part part(JsonNode p, String type, String at) {
        return switch (type) {
            case "input_text", "output_text" -> Part.Text.of(Fields.requiredText(p, "text", at + ".text"));
            case "refusal" -> Part.Text.of(p.path("refusal").asText(""));
            case "input_image" -> DataUrls.image(Fields.requiredText(p, "image_url", at + ".image_url"),
                    p.path("detail").asText(""));
            case "input_file" -> {
                Part.Image data = DataUrls.image(p.path("file_data").asText(""), "");
                yield new Part.File(p.path("file_url").asText(""), data.mediaType(), data.data(),
                        p.path("filename").asText(""));
            }
            default -> new Part.Opaque(p, WireProtocol.OPENAI_RESPONSES);
        };
    }
}
