package dev.switchyard.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.RoutingControls;
import dev.switchyard.providers.openai.EmbeddingsRequest;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint.FrontDoorSettings;
import dev.switchyard.server.http.BodyReader;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/embeddings}, OpenAI's format, routed like chat (fallbacks, provider preferences, health) to the
 * OpenAI-compatible endpoints of an embedding model, metered by its prompt tokens.
 */
public final class EmbeddingsEndpoint implements Handler<RoutingContext> {

    /** The ledger's name for this front door. */
    public static final String API = "embeddings";

    private final FrontDoorSettings settings;

    public EmbeddingsEndpoint(FrontDoorSettings settings) {
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        long startNanos = settings.ticker().nanos();
        long createdAt = settings.clock().epochMillis();
        String id = settings.generationIds().get();
        response.putHeader("x-switchyard-generation-id", id).putHeader("x-generation-id", id);
        BodyReader.read(ctx.request(), settings.maxBodyBytes()).onComplete(ar -> {
            Exchange exchange;
            try {
                if (ar.failed()) {
                    throw ar.cause() instanceof GatewayError g ? g
                            : GatewayError.builder(ErrorKind.INVALID_REQUEST, "could not read the request body").build();
                }
                ObjectNode tree = FrontDoorEndpoint.parse(settings.json(), ar.result());
                JsonNode provider = tree.get("provider");
                RoutingControls routing = new RoutingControls(List.of(), provider == null || provider.isNull()
                        ? ProviderPreferences.NONE : ProviderPreferences.fromJson(provider), "", Set.of(), false, 0,
                        ar.result().length() / 4L);
                EmbeddingsRequest request = EmbeddingsRequest.of(tree, ar.result(), routing);
                exchange = new Exchange(id, API, request, new OpenAiClientChannel(response, id, request.model()),
                        settings.ticker(), createdAt);
            } catch (GatewayError e) {
                settings.pipeline().reject(id, API, e, new OpenAiClientChannel(response, id, ""), createdAt,
                        TimeUnit.NANOSECONDS.toMillis(settings.ticker().nanos() - startNanos));
                return;
            }
            settings.pipeline().execute(exchange);
        });
    }
}
