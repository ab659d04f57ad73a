package dev.switchyard.core.pipeline;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.routing.Variant;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The request-ring stage that resolves the client's model string (with an optional {@code :floor}, {@code :nitro} or
 * {@code :free} suffix) and its {@code models[]} fallbacks to catalog models, or answers 404 with the closest catalog
 * ids, so a typo is one glance from its fix.
 */
public final class ModelResolution implements Interceptor {

    private final ModelResolver resolver;

    public ModelResolution(ModelResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public Future<Answer> intercept(Exchange exchange, Chain chain) {
        Variant.Parsed primary = Variant.parse(exchange.request().model());
        List<ModelSpec> models = new ArrayList<>();
        try {
            models.add(resolve(primary.model(), "model"));
            for (String fallback : exchange.request().routing().fallbackModels()) {
                ModelSpec m = resolve(Variant.parse(fallback).model(), "models");
                if (!models.contains(m)) {
                    models.add(m);
                }
            }
        } catch (GatewayError e) {
            return Future.failedFuture(e);
        }
        exchange.models(models, primary.variant());
        return chain.proceed(exchange);
    }

    private ModelSpec resolve(String requested, String param) {
        Optional<ModelSpec> model = resolver.resolve(requested);
        if (model.isPresent()) {
            return model.get();
        }
        List<String> close = resolver.closeMatches(requested, 5);
        String hint = close.isEmpty() ? " See GET /v1/models for the catalog."
                : " Did you mean: " + String.join(", ", close) + "?";
        throw GatewayError.builder(ErrorKind.NOT_FOUND, "model '" + requested + "' is not in the catalog." + hint)
                .param(param).code("model_not_found").metadata("close_matches", close).build();
    }
}
