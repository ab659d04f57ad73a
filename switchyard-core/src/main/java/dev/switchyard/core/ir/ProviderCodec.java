package dev.switchyard.core.ir;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import java.util.Set;

/** The provider side of one wire format: IR requests out, the provider's answers and streams back into the IR. */
public interface ProviderCodec {

    WireProtocol protocol();

    /** What this format can carry between gateway and provider. */
    Set<Capability> capabilities();

    /**
     * Encodes a request for one provider.
     *
     * @param upstreamModel the provider's name for the model
     * @param provider the provider, whose id selects vendor quirks
     */
    UpstreamRequest encodeRequest(ChatRequest request, String upstreamModel, ProviderSpec provider);

    /** Reads a complete, successful answer. */
    ChatResponse decodeResponse(JsonNode body);

    /** A fresh decoder for one streamed answer. */
    StreamDecoder streamDecoder();
}
