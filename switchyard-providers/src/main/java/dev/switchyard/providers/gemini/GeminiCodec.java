package dev.switchyard.providers.gemini;

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
 * Gemini {@code generateContent} on both sides of a translation: {@code /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent} requests into the IR and answers back out, and IR requests out to the Gemini API
 * with its answers and {@code alt=sse} streams back in. Gemini streams function calls whole, so it does not declare
 * {@link Capability#STREAMED_TOOLS}: a streamed call reaches the client as one fragment.
 */
public final class GeminiCodec implements FrontDoorCodec, ProviderCodec {

    private static final Set<Capability> CAPABILITIES = EnumSet.complementOf(EnumSet.of(Capability.STREAMED_TOOLS));

    private final ObjectMapper mapper;

    public GeminiCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.GEMINI;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body) {
        return GeminiRequestReader.read(body);
    }

    @Override
    public Buffer encodeResponse(ChatResponse response, ResponseMeta meta) {
        return Buffer.buffer(GeminiResponseWriter.write(response, meta).toString());
    }

    @Override
    public StreamEncoder streamEncoder(ResponseMeta meta) {
        return new GeminiStreamEncoder(meta);
    }

    @Override
    public UpstreamRequest encodeRequest(ChatRequest request, String upstreamModel, ProviderSpec provider) {
        List<String> dropped = new ArrayList<>();
        JsonNode body = GeminiRequestWriter.write(request, dropped);
        String path = "/models/" + upstreamModel + (request.stream() ? ":streamGenerateContent?alt=sse"
                : ":generateContent");
        return new UpstreamRequest(path, Buffer.buffer(body.toString()), Map.of(), dropped);
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) {
        return GeminiResponseReader.read(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new GeminiStreamDecoder(mapper);
    }
}
