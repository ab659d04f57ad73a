package dev.switchyard.providers.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.Finish;
import dev.switchyard.core.ir.FinishReason;
import dev.switchyard.core.ir.ReasoningTokens;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.providers.codec.Fields;
import java.util.List;

/**
 * The shapes of the Responses API that both the complete answer and the stream use: the response object and its
 * output items. Item ids are derived from the generation id and the item's position, so they are stable.
 */
final class ResponseObjects {

    private ResponseObjects() {
    }

    static String itemId(String prefix, ResponseMeta meta, int outputIndex) {
        return prefix + "_" + meta.id() + "_" + outputIndex;
    }

    static ObjectNode message(String id, String text, String status) {
        ObjectNode item = Fields.object().put("type", "message").put("id", id).put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (status.equals("completed")) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Fields.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode reasoning(String id, String text, String token, WireProtocol origin) {
        ObjectNode item = Fields.object().put("type", "reasoning").put("id", id);
        ArrayNode summary = item.putArray("summary");
        if (!text.isEmpty()) {
            summary.add(summaryText(text));
        }
        if (!token.isEmpty()) {
            item.put("encrypted_content", ReasoningTokens.wrap(token, origin, WireProtocol.OPENAI_RESPONSES));
        }
        return item;
    }

    static ObjectNode summaryText(String text) {
        return Fields.object().put("type", "summary_text").put("text", text);
    }

    /**
     * A function call item; a flat name of a namespaced function ({@link ToolNames}) is split into {@code namespace}
     * and {@code name}, as the Responses API names such calls.
     */
    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        ObjectNode item = Fields.object().put("type", "function_call").put("id", id).put("call_id", callId);
        String namespace = ToolNames.namespace(name);
        if (!namespace.isEmpty()) {
            item.put("namespace", namespace);
        }
        return item.put("name", ToolNames.name(name)).put("arguments", arguments).put("status", status);
    }

    /** The response object; {@code output} and {@code usage} only when complete. */
    static ObjectNode response(ResponseMeta meta, String status, List<ObjectNode> output, Usage usage,
                               Finish finish) {
        ObjectNode r = Fields.object().put("id", "resp_" + meta.id()).put("object", "response")
                .put("created_at", meta.createdEpochSeconds()).put("status", status);
        r.putNull("error");
        if (status.equals("incomplete")) {
            r.putObject("incomplete_details").put("reason",
                    finish.reason() == FinishReason.CONTENT_FILTER ? "content_filter" : "max_output_tokens");
        } else {
            r.putNull("incomplete_details");
        }
        r.putNull("instructions");
        r.putObject("metadata");
        r.put("model", meta.model());
        ArrayNode out = r.putArray("output");
        output.forEach(out::add);
        r.put("parallel_tool_calls", true).put("store", false).put("temperature", 1.0).put("top_p", 1.0)
                .put("tool_choice", "auto");
        r.putArray("tools");
        r.putObject("text").putObject("format").put("type", "text");
        if (!status.equals("in_progress")) {
            ObjectNode u = r.putObject("usage").put("input_tokens", usage.promptTokens());
            u.putObject("input_tokens_details").put("cached_tokens", usage.cachedTokens())
                    .put("cache_write_tokens", usage.cacheWriteTokens());
            u.put("output_tokens", usage.completionTokens());
            u.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
            u.put("total_tokens", usage.totalTokens());
        } else {
            r.putNull("usage");
        }
        return r;
    }

    static String status(Finish finish) {
        return finish.reason() == FinishReason.LENGTH || finish.reason() == FinishReason.CONTENT_FILTER
                ? "incomplete" : "completed";
    }
}
