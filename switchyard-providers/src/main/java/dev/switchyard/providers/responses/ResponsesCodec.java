package dev.switchyard.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.Capability;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ChatResponse;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamEncoder;
import io.vertx.core.buffer.Buffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * OpenAI Responses as a front door ({@code POST /v1/responses}), stateless. No provider is reached in this format
 * yet; every Responses request is translated.
 */
public final class ResponsesCodec implements FrontDoorCodec {

    private static final Set<Capability> CAPABILITIES = EnumSet.allOf(Capability.class);

    @Override
    public WireProtocol protocol() {
        return WireProtocol.OPENAI_RESPONSES;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body) {
        return ResponsesRequestReader.read(body);
    }

    @Override
    public Buffer encodeResponse(ChatResponse response, ResponseMeta meta) {
        return Buffer.buffer(ResponsesResponseWriter.write(response, meta).toString());
    }

    @Override
    public StreamEncoder streamEncoder(ResponseMeta meta) {
        return new ResponsesStreamEncoder(meta);
    }
}
