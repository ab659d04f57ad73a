package dev.switchyard.server;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.server.api.EndpointsEndpoint;
import dev.switchyard.server.api.GenerationEndpoint;
import dev.switchyard.server.api.ModelsEndpoint;
import io.vertx.ext.web.Router;
import java.util.List;

/** OpenRouter's public read routes: the model list, a model's endpoints, and one generation's record. */
final class CatalogRoutes implements RouteModule {

    private final ModelsEndpoint models;
    private final EndpointsEndpoint endpoints;
    private final GenerationEndpoint generation;

    CatalogRoutes(Catalog catalog, ModelResolver resolver, RoutePlanner planner, UsageStore store) {
        this.models = new ModelsEndpoint(catalog);
        this.endpoints = new EndpointsEndpoint(resolver, planner);
        this.generation = new GenerationEndpoint(store);
    }

    @Override
    public void mount(Router router) {
        for (String prefix : List.of("/v1", "/api/v1")) {
            router.get(prefix + "/models").handler(models);
            router.get(prefix + "/models/:author/:slug/endpoints").handler(endpoints);
            router.get(prefix + "/generation").handler(generation);
        }
    }
}
