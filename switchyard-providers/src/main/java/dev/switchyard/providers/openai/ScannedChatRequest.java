package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.HiddenReasoning;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.core.routing.RoutingControls;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenAI Chat Completions request after one streaming pass over its bytes: the fields routing and accounting need,
 * and the byte spans that the same-protocol fast path edits. The body itself is kept untouched.
 *
 * @param body the original bytes
 * @param model the {@code model} value
 * @param modelSpan where the {@code model} value (with its quotes) sits in the body
 * @param stream the {@code stream} flag
 * @param streamOptions the {@code stream_options} object, if present
 * @param streamOptionsSpan where the {@code stream_options} value sits, or {@link Span#NONE}
 * @param closingBraceOffset offset of the top-level object's closing brace
 * @param messageCount how many messages the request carries
 * @param routingSpans spans of the routing-only fields ({@code models}, {@code provider}, …) to drop upstream, each
 *     with its separating comma, sorted and non-overlapping
 * @param routing what the request says about its routing
 * @param user the {@code user} field, empty when absent
 */
public record ScannedChatRequest(Buffer body, String model, Span modelSpan, boolean stream,
                                 Optional<ObjectNode> streamOptions, Span streamOptionsSpan, int closingBraceOffset,
                                 int messageCount, List<Span> routingSpans, RoutingControls routing, String user)
        implements InboundRequest {

    private static final OpenAiChatCodec CODEC = new OpenAiChatCodec(Json.mapper());

    public ScannedChatRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modelSpan, "modelSpan");
        Objects.requireNonNull(streamOptions, "streamOptions");
        Objects.requireNonNull(streamOptionsSpan, "streamOptionsSpan");
        routingSpans = List.copyOf(routingSpans);
        Objects.requireNonNull(routing, "routing");
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI_CHAT;
    }

    @Override
    public boolean clientWantsUsage() {
        return streamOptions.map(o -> o.path("include_usage").asBoolean(false)).orElse(false);
    }

    @Override
    public ChatRequest ir() {
        return CODEC.decodeRequest(BufferParsers.object(Json.mapper(), body));
    }

    @Override
    public FrontDoorCodec frontDoor() {
        // reasoning text is left out of the answer when the client asked reasoning: {exclude: true}
        return routing.parameters().contains("reasoning") ? HiddenReasoning.applyTo(CODEC, ir()) : CODEC;
    }

    /**
     * Whether the request's reasoning controls must be rewritten for the provider's dialect, so that it goes through
     * the IR rather than the byte fast path: OpenRouter's {@code reasoning} object (which no vendor but OpenRouter
     * reads, and whose {@code exclude} the gateway applies), or {@code reasoning_effort} to a vendor whose native
     * control is another ({@link ChatDialect#readsReasoningEffort}).
     */
    public boolean reasoningNeedsMapping(ChatDialect dialect) {
        Set<String> p = routing.parameters();
        return p.contains("reasoning") || (p.contains("reasoning_effort") && !dialect.readsReasoningEffort());
    }

    /** The same request with another stickiness key (from the {@code x-session-id} header). */
    public ScannedChatRequest withSessionKey(String sessionKey) {
        RoutingControls r = routing;
        return new ScannedChatRequest(body, model, modelSpan, stream, streamOptions, streamOptionsSpan,
                closingBraceOffset, messageCount, routingSpans, new RoutingControls(r.fallbackModels(),
                        r.preferences(), sessionKey, r.parameters(), r.usesTools(), r.maxOutputTokens(),
                        r.promptTokenEstimate()), user);
    }

    @Override
    public String endUser() {
        return user;
    }

    /**
     * A half-open byte range {@code [start, end)} of the body.
     *
     * @param start first byte
     * @param end one past the last byte
     */
    public record Span(int start, int end) {
        /** No span: the field was absent. */
        public static final Span NONE = new Span(-1, -1);

        public boolean present() {
            return start >= 0;
        }
    }
}
