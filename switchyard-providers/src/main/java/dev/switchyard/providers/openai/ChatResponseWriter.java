package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.ReasoningTokens;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.codec.Fields;

/**
 * Writes an IR answer as an OpenAI Chat Completions response. Reasoning goes out the way OpenRouter returns it:
 * {@code reasoning} (the text) and {@code reasoning_details} (typed entries with the signature), which a client
 * sends back unchanged on the next turn.
 */
final class ChatResponseWriter {

    private ChatResponseWriter() {
    }

    static ObjectNode write(ChatResponse r, ResponseMeta meta) {
        ObjectNode body = Fields.object().put("id", meta.id()).put("object", "chat.completion")
                .put("created", meta.createdEpochSeconds()).put("model", meta.model());
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode details = Fields.array();
        ArrayNode calls = Fields.array();
        for (Part p : r.content()) {
            switch (p) {
                case Part.Text t -> text.append(t.text());
                case Part.Reasoning rs -> {
                    reasoning.append(rs.text());
                    details.add(detail(rs, details.size()));
                }
                case Part.ToolCall c -> calls.addObject().put("id", c.id()).put("type", "function")
                        .putObject("function").put("name", c.name()).put("arguments", c.arguments());
                default -> {
                }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!details.isEmpty()) {
            message.put("reasoning", reasoning.toString());
            message.set("reasoning_details", details);
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", ChatFinishReasons.write(r.finish().reason()));
        choice.put("native_finish_reason", r.finish().nativeReason());
        body.set("usage", usage(r.usage()));
        return body;
    }

    /** One {@code reasoning_details} entry. */
    static ObjectNode detail(Part.Reasoning r, int index) {
        ObjectNode d = Fields.object();
        if (!r.redacted().isEmpty()) {
            d.put("type", "reasoning.encrypted")
                    .put("data", ReasoningTokens.wrap(r.redacted(), r.origin(), WireProtocol.OPENAI_CHAT));
        } else {
            d.put("type", "reasoning.text").put("text", r.text());
            if (!r.signature().isEmpty()) {
                d.put("signature", ReasoningTokens.wrap(r.signature(), r.origin(), WireProtocol.OPENAI_CHAT));
            }
        }
        return d.put("format", r.origin().configName()).put("index", index);
    }

    static ObjectNode usage(Usage u) {
        ObjectNode o = Fields.object().put("prompt_tokens", u.promptTokens())
                .put("completion_tokens", u.completionTokens()).put("total_tokens", u.totalTokens());
        ObjectNode pd = o.putObject("prompt_tokens_details").put("cached_tokens", u.cachedTokens());
        if (u.cacheWriteTokens() > 0) {
            pd.put("cache_write_tokens", u.cacheWriteTokens());
        }
        o.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        return o;
    }
}
