package dev.switchyard.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.Capability;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.core.ir.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI Chat Completions on both sides of a translation: the front door's requests into the IR and IR answers back
 * out, and IR requests out to OpenAI-compatible providers (through each vendor's {@link ChatDialect}) with their
 * answers back in. Same-protocol traffic never comes here; it takes the fast path.
 */
public final class OpenAiChatCodec implements FrontDoorCodec, ProviderCodec {

    private static final Set<Capability> CAPABILITIES = EnumSet.allOf(Capability.class);

    private final ObjectMapper mapper;

    /** @param mapper a mapper whose factory carries the parsing limits */
    public OpenAiChatCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI_CHAT;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body) {
        return ChatRequestReader.read(body);
    }

    @Override
    public Buffer encodeResponse(ChatResponse response, ResponseMeta meta) {
        return Buffer.buffer(ChatResponseWriter.write(response, meta).toString());
    }

    @Override
    public StreamEncoder streamEncoder(ResponseMeta meta) {
        return new ChatStreamEncoder(meta);
    }

    @Override
    public UpstreamRequest encodeRequest(ChatRequest request, String upstreamModel, ProviderSpec provider) {
        List<String> dropped = new ArrayList<>();
        JsonNode body = ChatRequestWriter.write(request, upstreamModel, ChatDialects.of(provider), dropped);
        return new UpstreamRequest("/chat/completions", Buffer.buffer(body.toString()), Map.of(), dropped);
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) {
        return ChatResponseReader.read(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new ChatStreamDecoder(mapper);
    }
}
