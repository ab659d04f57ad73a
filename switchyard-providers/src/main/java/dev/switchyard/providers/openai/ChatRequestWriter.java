package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ResponseFormat;
import dev.switchyard.core.ir.ToolSpec;
import dev.switchyard.providers.codec.Fields;
import java.util.List;

/** Writes an IR request as an OpenAI Chat Completions body for one vendor's {@link ChatDialect}. */
final class ChatRequestWriter {

    private ChatRequestWriter() {
    }

    static ObjectNode write(ChatRequest r, String upstreamModel, ChatDialect dialect, List<String> dropped) {
        ObjectNode body = Fields.object().put("model", upstreamModel);
        ArrayNode messages = body.putArray("messages");
        for (Message m : r.messages()) {
            message(m, messages, dialect, dropped);
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function").put("name", t.name());
                if (!t.description().isEmpty()) {
                    fn.put("description", t.description());
                }
                fn.set("parameters", t.parameters());
                if (t.strict()) {
                    fn.put("strict", true);
                }
            }
        }
        r.toolChoice().ifPresent(c -> {
            if (dialect.unsupported(c).isPresent()) {
                dropped.add("tool_choice");
                return;
            }
            switch (c.mode()) {
                case AUTO -> body.put("tool_choice", "auto");
                case NONE -> body.put("tool_choice", "none");
                case REQUIRED -> body.put("tool_choice", "required");
                case TOOL -> body.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", c.name());
            }
        });
        r.parallelToolCalls().ifPresent(p -> body.put("parallel_tool_calls", p));
        r.responseFormat().ifPresent(f -> responseFormat(body, f));
        dialect.reasoning(body, r);
        r.maxOutputTokens().ifPresent(v -> body.put(dialect.maxTokensField(), v));
        r.temperature().ifPresent(v -> body.put("temperature", v));
        r.topP().ifPresent(v -> body.put("top_p", v));
        r.topK().ifPresent(v -> {
            if (dialect.supportsTopK()) {
                body.put("top_k", v);
            } else {
                dropped.add("top_k");
            }
        });
        r.presencePenalty().ifPresent(v -> body.put("presence_penalty", v));
        r.frequencyPenalty().ifPresent(v -> body.put("frequency_penalty", v));
        r.seed().ifPresent(v -> body.put("seed", v));
        if (!r.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (!r.user().isEmpty()) {
            body.put("user", r.user());
        }
        if (r.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        if (r.origin() == WireProtocol.OPENAI_CHAT) {
            r.extras().properties().forEach(e -> body.set(e.getKey(), e.getValue()));
        } else {
            r.extras().fieldNames().forEachRemaining(dropped::add);
        }
        dialect.finish(body, r.stream(), dropped);
        return body;
    }

    private static void message(Message m, ArrayNode out, ChatDialect dialect, List<String> dropped) {
        switch (m.role()) {
            case SYSTEM -> out.addObject().put("role", "system").put("content", m.text());
            case USER -> {
                ObjectNode msg = out.addObject().put("role", "user");
                if (m.textOnly() && m.parts().size() == 1) {
                    msg.put("content", m.text());
                } else {
                    msg.set("content", parts(m.parts(), dropped));
                }
            }
            case ASSISTANT -> assistant(m, out, dialect);
            case TOOL -> {
                for (Part p : m.parts()) {
                    if (p instanceof Part.ToolResult result) {
                        out.addObject().put("role", "tool").put("tool_call_id", result.callId())
                                .put("content", result.text());
                    }
                }
            }
        }
    }

    private static void assistant(Message m, ArrayNode out, ChatDialect dialect) {
        ObjectNode msg = out.addObject().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode calls = null;
        for (Part p : m.parts()) {
            switch (p) {
                case Part.Text t -> text.append(t.text());
                case Part.Reasoning r -> reasoning.append(r.text());
                case Part.ToolCall c -> {
                    if (calls == null) {
                        calls = Fields.array();
                    }
                    calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                            .put("name", c.name()).put("arguments", c.arguments());
                }
                default -> {
                }
            }
        }
        if (text.isEmpty() && calls != null) {
            msg.putNull("content");
        } else {
            msg.put("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            dialect.reasoningHistoryField().ifPresent(f -> msg.put(f, reasoning.toString()));
        }
        if (calls != null) {
            msg.set("tool_calls", calls);
        }
    }

    private static ArrayNode parts(List<Part> parts, List<String> dropped) {
        ArrayNode out = Fields.array();
        for (Part p : parts) {
            switch (p) {
                case Part.Text t -> {
                    ObjectNode o = out.addObject().put("type", "text").put("text", t.text());
                    Fields.putCacheMark(o, t.cache());
                }
                case Part.Image img -> {
                    ObjectNode url = out.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", img.asUrl());
                    if (!img.detail().isEmpty()) {
                        url.put("detail", img.detail());
                    }
                }
                case Part.File f -> {
                    ObjectNode file = out.addObject().put("type", "file").putObject("file");
                    if (!f.data().isEmpty()) {
                        file.put("file_data", "data:" + f.mediaType() + ";base64," + f.data());
                    }
                    if (!f.filename().isEmpty()) {
                        file.put("filename", f.filename());
                    }
                }
                case Part.Opaque o -> {
                    if (o.origin() == WireProtocol.OPENAI_CHAT) {
                        out.add(o.raw());
                    } else {
                        dropped.add("content." + o.raw().path("type").asText("unknown"));
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static void responseFormat(ObjectNode body, ResponseFormat f) {
        switch (f.type()) {
            case TEXT -> body.putObject("response_format").put("type", "text");
            case JSON_OBJECT -> body.putObject("response_format").put("type", "json_object");
            case JSON_SCHEMA -> {
                ObjectNode s = body.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                        .put("name", f.name().isEmpty() ? "response" : f.name());
                s.set("schema", f.schema());
                if (f.strict()) {
                    s.put("strict", true);
                }
            }
        }
    }
}
