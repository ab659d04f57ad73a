package dev.switchyard.core.catalog.sync;

import java.util.List;

/**
 * What one source document lists: the models it could read, and the entries it could not use, each with the reason
 * (a variable price, a price finer than a picodollar, a model variant).
 *
 * @param models the usable models, in the document's order
 * @param skipped one line per entry left out, {@code id: reason}
 */
public record Listing(List<ListedModel> models, List<String> skipped) {

    public Listing {
        models = List.copyOf(models);
        skipped = List.copyOf(skipped);
    }
}
