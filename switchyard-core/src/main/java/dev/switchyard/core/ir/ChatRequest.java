package dev.switchyard.core.ir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A chat request in the IR: what any front door's request means, whatever format it came in.
 *
 * @param model the model as the client named it
 * @param messages the conversation; system prompts are {@link Role#SYSTEM} messages, in order
 * @param tools the functions offered
 * @param toolChoice how tools must be used, empty when the client did not say
 * @param parallelToolCalls whether several calls may come in one turn, empty when not said
 * @param responseFormat structured output, empty when not asked
 * @param reasoning the reasoning request, empty when not said (the model's default applies)
 * @param maxOutputTokens the output cap, empty when not given
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param topK top-k sampling (Anthropic, Gemini)
 * @param presencePenalty OpenAI-family presence penalty
 * @param frequencyPenalty OpenAI-family frequency penalty
 * @param seed sampling seed
 * @param stop stop sequences
 * @param stream whether the client wants a stream
 * @param user an end-user id for the provider's abuse tracking, empty when none
 * @param extras top-level fields the front door did not understand, delivered only to a provider speaking
 *     {@code origin}
 * @param origin the wire format the request came in
 */
public record ChatRequest(String model, List<Message> messages, List<ToolSpec> tools, Optional<ToolChoice> toolChoice,
                          Optional<Boolean> parallelToolCalls, Optional<ResponseFormat> responseFormat,
                          Optional<ReasoningConfig> reasoning, OptionalLong maxOutputTokens, OptionalDouble temperature,
                          OptionalDouble topP, OptionalLong topK, OptionalDouble presencePenalty,
                          OptionalDouble frequencyPenalty, OptionalLong seed, List<String> stop, boolean stream,
                          String user, ObjectNode extras, WireProtocol origin) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(parallelToolCalls, "parallelToolCalls");
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(reasoning, "reasoning");
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(topP, "topP");
        Objects.requireNonNull(topK, "topK");
        Objects.requireNonNull(presencePenalty, "presencePenalty");
        Objects.requireNonNull(frequencyPenalty, "frequencyPenalty");
        Objects.requireNonNull(seed, "seed");
        stop = List.copyOf(stop);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(extras, "extras");
        Objects.requireNonNull(origin, "origin");
    }

    public static Builder builder(String model, WireProtocol origin) {
        return new Builder(model, origin);
    }

    /** The name of the tool a call id belongs to, looked up in the assistant turns; empty when not found. */
    public String toolName(String callId) {
        for (Message m : messages) {
            for (Part p : m.parts()) {
                if (p instanceof Part.ToolCall c && c.id().equals(callId)) {
                    return c.name();
                }
            }
        }
        return "";
    }

    /** Builder for {@link ChatRequest}. */
    public static final class Builder {
        private final String model;
        private final WireProtocol origin;
        private final List<Message> messages = new ArrayList<>();
        private final List<ToolSpec> tools = new ArrayList<>();
        private final List<String> stop = new ArrayList<>();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private ResponseFormat responseFormat;
        private ReasoningConfig reasoning;
        private OptionalLong maxOutputTokens = OptionalLong.empty();
        private OptionalDouble temperature = OptionalDouble.empty();
        private OptionalDouble topP = OptionalDouble.empty();
        private OptionalLong topK = OptionalLong.empty();
        private OptionalDouble presencePenalty = OptionalDouble.empty();
        private OptionalDouble frequencyPenalty = OptionalDouble.empty();
        private OptionalLong seed = OptionalLong.empty();
        private boolean stream;
        private String user = "";
        private ObjectNode extras = JsonNodeFactory.instance.objectNode();

        private Builder(String model, WireProtocol origin) {
            this.model = Objects.requireNonNull(model, "model");
            this.origin = Objects.requireNonNull(origin, "origin");
        }

        public Builder message(Message m) { messages.add(m); return this; }
        public Builder tool(ToolSpec t) { tools.add(t); return this; }
        public Builder stop(String s) { stop.add(s); return this; }
        public Builder toolChoice(ToolChoice v) { toolChoice = v; return this; }
        public Builder parallelToolCalls(boolean v) { parallelToolCalls = v; return this; }
        public Builder responseFormat(ResponseFormat v) { responseFormat = v; return this; }
        public Builder reasoning(ReasoningConfig v) { reasoning = v; return this; }
        public Builder maxOutputTokens(long v) { maxOutputTokens = OptionalLong.of(v); return this; }
        public Builder temperature(double v) { temperature = OptionalDouble.of(v); return this; }
        public Builder topP(double v) { topP = OptionalDouble.of(v); return this; }
        public Builder topK(long v) { topK = OptionalLong.of(v); return this; }
        public Builder presencePenalty(double v) { presencePenalty = OptionalDouble.of(v); return this; }
        public Builder frequencyPenalty(double v) { frequencyPenalty = OptionalDouble.of(v); return this; }
        public Builder seed(long v) { seed = OptionalLong.of(v); return this; }
        public Builder stream(boolean v) { stream = v; return this; }
        public Builder user(String v) { user = Objects.requireNonNull(v); return this; }
        public Builder extras(ObjectNode v) { extras = Objects.requireNonNull(v); return this; }

        public ChatRequest build() {
            return new ChatRequest(model, messages, tools, Optional.ofNullable(toolChoice),
                    Optional.ofNullable(parallelToolCalls), Optional.ofNullable(responseFormat),
                    Optional.ofNullable(reasoning), maxOutputTokens, temperature, topP, topK, presencePenalty,
                    frequencyPenalty, seed, stop, stream, user, extras, origin);
        }
    }
}
