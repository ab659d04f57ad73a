package dev.switchyard.server;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.ModelResolver;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.usage.UsageStore;
import dev.switchyard.server.admin.CallerAccess;
import dev.switchyard.server.api.EndpointsEndpoint;
import dev.switchyard.server.api.GenerationEndpoint;
import dev.switchyard.server.api.ModelsEndpoint;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * OpenRouter's read routes: the model list and a model's endpoints (public), and one generation's record (its key's,
 * or an admin's, once the gateway has keys).
 */
final class CatalogRoutes implements RouteModule {

    private final ModelsEndpoint models;
    private final EndpointsEndpoint endpoints;
    private final GenerationEndpoint generation;

    CatalogRoutes(Catalog catalog, ModelResolver resolver, RoutePlanner planner, UsageStore store,
                  CallerAccess access) {
        this.models = new ModelsEndpoint(catalog);
        this.endpoints = new EndpointsEndpoint(resolver, planner);
        this.generation = new GenerationEndpoint(store, access);
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
