package dev.switchyard.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.Capability;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.ir.ResponseFormat;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.core.ir.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic Messages on both sides of a translation: {@code POST /v1/messages} requests into the IR and answers back
 * out, and IR requests out to Anthropic (and Anthropic-compatible endpoints such as DeepSeek's, MiniMax's or Z.ai's)
 * with their answers and streams back in.
 */
public final class AnthropicCodec implements FrontDoorCodec, ProviderCodec {

    /** The API version Switchyard speaks to Anthropic. */
    public static final String API_VERSION = "2023-06-01";
    /** The beta that enables {@code output_format} (structured outputs). */
    static final String STRUCTURED_OUTPUTS_BETA = "structured-outputs-2025-11-13";
    /**
     * The beta that enables {@code context_management}, which Claude Code sends; a client's own
     * {@code anthropic-beta} header does not travel upstream, so the codec asks for the betas the body needs.
     */
    static final String CONTEXT_MANAGEMENT_BETA = "context-management-2025-06-27";

    private static final Set<Capability> CAPABILITIES = EnumSet.allOf(Capability.class);

    private final ObjectMapper mapper;

    public AnthropicCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body) {
        return MessagesRequestReader.read(body);
    }

    @Override
    public Buffer encodeResponse(ChatResponse response, ResponseMeta meta) {
        return Buffer.buffer(MessagesResponseWriter.write(response, meta).toString());
    }

    @Override
    public StreamEncoder streamEncoder(ResponseMeta meta) {
        return new MessagesStreamEncoder(meta);
    }

    @Override
    public UpstreamRequest encodeRequest(ChatRequest request, String upstreamModel, ProviderSpec provider) {
        List<String> dropped = new ArrayList<>();
        JsonNode body = MessagesRequestWriter.write(request, upstreamModel, dropped);
        Map<String, String> headers = new HashMap<>();
        headers.put("anthropic-version", API_VERSION);
        List<String> betas = new ArrayList<>();
        if (request.responseFormat().map(f -> f.type() == ResponseFormat.Type.JSON_SCHEMA).orElse(false)) {
            betas.add(STRUCTURED_OUTPUTS_BETA);
        }
        if (body.has("context_management")) {
            betas.add(CONTEXT_MANAGEMENT_BETA);
        }
        if (!betas.isEmpty()) {
            headers.put("anthropic-beta", String.join(",", betas));
        }
        return new UpstreamRequest("/messages", Buffer.buffer(body.toString()), headers, dropped);
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) {
        return MessagesResponseReader.read(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new MessagesStreamDecoder(mapper);
    }
}
