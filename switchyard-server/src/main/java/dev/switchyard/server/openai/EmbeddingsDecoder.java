package dev.switchyard.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.core.pipeline.InboundRequest;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RoutingControls;
import dev.switchyard.providers.openai.EmbeddingsRequest;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code POST /v1/embeddings}, OpenAI's format, routed like chat (provider preferences, health) to the
 * OpenAI-compatible endpoints of an embedding model and metered by its prompt tokens.
 */
public final class EmbeddingsDecoder implements FrontDoorEndpoint.Decoder {

    /** The ledger's name for this front door. */
    public static final String API = "embeddings";

    private final ObjectMapper json;

    /** @param json a mapper whose factory carries the request parsing limits */
    public EmbeddingsDecoder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public InboundRequest decode(RoutingContext ctx, Buffer body) {
        ObjectNode tree = BufferParsers.object(json, body);
        JsonNode provider = tree.get("provider");
        RoutingControls routing = new RoutingControls(List.of(), provider == null || provider.isNull()
                ? ProviderPreferences.NONE : ProviderPreferences.fromJson(provider), "", Set.of(), false, 0,
                body.length() / 4L);
        return EmbeddingsRequest.of(tree, body, routing);
    }
}
