package dev.switchyard.core.pipeline;

import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The request-ring stage that resolves the client's model string to a catalog model, or answers 404 with the closest
 * catalog ids, so a typo is one glance from its fix.
 */
public final class ModelResolution implements Interceptor {

    private final ModelResolver resolver;

    public ModelResolution(ModelResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public Future<Void> intercept(Exchange exchange, Chain chain) {
        String requested = exchange.request().model();
        Optional<ModelSpec> model = resolver.resolve(requested);
        if (model.isEmpty()) {
            List<String> close = resolver.closeMatches(requested, 5);
            String hint = close.isEmpty() ? " See GET /v1/models for the catalog."
                    : " Did you mean: " + String.join(", ", close) + "?";
            return Future.failedFuture(GatewayError.builder(ErrorKind.NOT_FOUND,
                            "model '" + requested + "' is not in the catalog." + hint)
                    .param("model").code("model_not_found").metadata("close_matches", close).build());
        }
        exchange.model(model.get());
        return chain.proceed(exchange);
    }
}
