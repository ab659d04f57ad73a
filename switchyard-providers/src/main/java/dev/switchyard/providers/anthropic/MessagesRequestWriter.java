package dev.switchyard.providers.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningConfig;
import dev.switchyard.core.ir.Role;
import dev.switchyard.core.ir.ToolSpec;
import dev.switchyard.providers.codec.Fields;
import java.util.List;

/**
 * Writes an IR request as an Anthropic Messages body. System messages become the top-level {@code system} blocks;
 * tool results become {@code tool_result} blocks at the front of a user turn; consecutive turns of one role merge
 * (Anthropic requires alternation); reasoning goes back as {@code thinking} blocks only when Anthropic issued their
 * signature, since it rejects unsigned or foreign ones.
 */
final class MessagesRequestWriter {

    /** The output cap when the client gave none: Anthropic requires one. */
    static final long DEFAULT_MAX_TOKENS = 4096;

    private MessagesRequestWriter() {
    }

    static ObjectNode write(ChatRequest r, String upstreamModel, List<String> dropped) {
        ObjectNode body = Fields.object().put("model", upstreamModel);
        long maxTokens = r.maxOutputTokens().orElse(DEFAULT_MAX_TOKENS);
        ArrayNode system = Fields.array();
        ArrayNode messages = Fields.array();
        String lastRole = "";
        ArrayNode current = null;
        for (Message m : r.messages()) {
            if (m.role() == Role.SYSTEM) {
                for (Part p : m.parts()) {
                    if (p instanceof Part.Text t) {
                        ObjectNode block = system.addObject().put("type", "text").put("text", t.text());
                        Fields.putCacheMark(block, t.cache());
                    }
                }
                continue;
            }
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            if (!role.equals(lastRole)) {
                current = messages.addObject().put("role", role).putArray("content");
                lastRole = role;
            }
            for (Part p : m.parts()) {
                block(p, current, dropped);
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).path("content").isEmpty()) {
                // every part of that turn was one the Anthropic protocol has no form for (dropped above): sending an
                // empty turn would be a mangled request, so the client hears why instead
                throw GatewayError.invalidRequest("message " + i + " has no content that the Anthropic Messages "
                        + "protocol can carry" + (dropped.isEmpty() ? "" : " (dropped: " + String.join(", ", dropped)
                        + ")"), "messages");
            }
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        body.set("messages", messages);
        if (!r.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name());
                if (!t.description().isEmpty()) {
                    tool.put("description", t.description());
                }
                tool.set("input_schema", t.parameters());
                if (t.strict()) {
                    tool.put("strict", true);
                }
                Fields.putCacheMark(tool, t.cache());
            }
        }
        boolean noParallel = r.parallelToolCalls().map(p -> !p).orElse(false);
        r.toolChoice().ifPresentOrElse(c -> {
            ObjectNode choice = body.putObject("tool_choice");
            switch (c.mode()) {
                case AUTO -> choice.put("type", "auto");
                case NONE -> choice.put("type", "none");
                case REQUIRED -> choice.put("type", "any");
                case TOOL -> choice.put("type", "tool").put("name", c.name());
            }
            if (noParallel && c.mode() != dev.switchyard.core.ir.ToolChoice.Mode.NONE) {
                choice.put("disable_parallel_tool_use", true);
            }
        }, () -> {
            if (noParallel && !r.tools().isEmpty()) {
                body.putObject("tool_choice").put("type", "auto").put("disable_parallel_tool_use", true);
            }
        });
        r.reasoning().ifPresent(rc -> thinking(body, rc, maxTokens));
        long cap = maxTokens;
        if (body.path("thinking").has("budget_tokens")) {
            cap = Math.max(maxTokens, body.path("thinking").path("budget_tokens").asLong() + 1024);
        }
        body.put("max_tokens", cap);
        r.responseFormat().ifPresent(f -> {
            switch (f.type()) {
                case JSON_SCHEMA -> {
                    ObjectNode format = body.putObject("output_format").put("type", "json_schema");
                    format.set("schema", f.schema());
                }
                case JSON_OBJECT -> dropped.add("response_format");
                case TEXT -> {
                }
            }
        });
        if (!r.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            r.stop().forEach(stop::add);
        }
        r.temperature().ifPresent(v -> body.put("temperature", Math.min(1.0, v)));
        r.topP().ifPresent(v -> body.put("top_p", v));
        r.topK().ifPresent(v -> body.put("top_k", v));
        r.presencePenalty().ifPresent(v -> dropped.add("presence_penalty"));
        r.frequencyPenalty().ifPresent(v -> dropped.add("frequency_penalty"));
        r.seed().ifPresent(v -> dropped.add("seed"));
        if (!r.user().isEmpty()) {
            body.putObject("metadata").put("user_id", r.user());
        }
        if (r.stream()) {
            body.put("stream", true);
        }
        if (r.origin() == WireProtocol.ANTHROPIC_MESSAGES) {
            r.extras().properties().forEach(e -> body.set(e.getKey(), e.getValue()));
        } else {
            r.extras().fieldNames().forEachRemaining(dropped::add);
        }
        return body;
    }

    private static void thinking(ObjectNode body, ReasoningConfig rc, long maxTokens) {
        ObjectNode thinking = body.putObject("thinking");
        if (!rc.enabled()) {
            thinking.put("type", "disabled");
            return;
        } else if (rc.budgetTokens() > 0) {
            thinking.put("type", "enabled").put("budget_tokens", Math.max(ReasoningConfig.MIN_BUDGET,
                    rc.budgetTokens()));
        } else {
            thinking.put("type", "adaptive");
            if (!rc.effort().isEmpty()) {
                body.putObject("output_config").put("effort", rc.effort().equals("minimal") ? "low" : rc.effort());
            }
        }
        if (rc.excluded()) {
            thinking.put("display", "omitted"); // the signature still comes, so the turn can go back
        }
    }

    private static void block(Part p, ArrayNode content, List<String> dropped) {
        switch (p) {
            case Part.Text t -> {
                if (!t.text().isEmpty()) {
                    Fields.putCacheMark(content.addObject().put("type", "text").put("text", t.text()), t.cache());
                }
            }
            case Part.Image img -> {
                ObjectNode block = content.addObject().put("type", "image");
                ObjectNode source = block.putObject("source");
                if (img.isInline()) {
                    source.put("type", "base64").put("media_type", img.mediaType()).put("data", img.data());
                } else {
                    source.put("type", "url").put("url", img.url());
                }
                Fields.putCacheMark(block, img.cache());
            }
            case Part.File f -> {
                ObjectNode source = content.addObject().put("type", "document").putObject("source");
                if (f.data().isEmpty()) {
                    source.put("type", "url").put("url", f.url());
                } else {
                    source.put("type", "base64").put("media_type", f.mediaType()).put("data", f.data());
                }
            }
            case Part.ToolCall c -> content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                    .set("input", Fields.parseArguments(c.arguments()));
            case Part.ToolResult res -> {
                ObjectNode block = content.insertObject(toolResultPosition(content)).put("type", "tool_result")
                        .put("tool_use_id", res.callId());
                ArrayNode inner = block.putArray("content");
                for (Part part : res.content()) {
                    block(part, inner, dropped);
                }
                if (res.isError()) {
                    block.put("is_error", true);
                }
                Fields.putCacheMark(block, res.cache());
            }
            case Part.Reasoning rs -> {
                if (rs.origin() != WireProtocol.ANTHROPIC_MESSAGES || !rs.hasToken()) {
                    return; // Anthropic only accepts its own signed thinking back
                }
                if (!rs.redacted().isEmpty()) {
                    content.addObject().put("type", "redacted_thinking").put("data", rs.redacted());
                } else {
                    content.addObject().put("type", "thinking").put("thinking", rs.text())
                            .put("signature", rs.signature());
                }
            }
            case Part.Opaque o -> {
                if (o.origin() == WireProtocol.ANTHROPIC_MESSAGES) {
                    content.add(o.raw());
                } else {
                    dropped.add("content." + o.raw().path("type").asText("unknown"));
                }
            }
        }
    }

    /** Tool results must come first in a user turn: after any results already there. */
    private static int toolResultPosition(ArrayNode content) {
        int i = 0;
        while (i < content.size() && "tool_result".equals(content.get(i).path("type").asText())) {
            i++;
        }
        return i;
    }
}
