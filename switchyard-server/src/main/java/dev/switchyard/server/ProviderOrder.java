package dev.switchyard.server;

import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.ProviderSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order providers are shown in: the bundled catalog's (its file groups them, hosted first, local servers
 * last), then the operator's own by id.
 */
public final class ProviderOrder {

    private ProviderOrder() {
    }

    /** The catalog's providers in display order. */
    public static List<ProviderSpec> of(Catalog catalog) {
        List<String> bundled = new ArrayList<>();
        CatalogLoader.bundledTree().path("providers").fieldNames().forEachRemaining(bundled::add);
        return catalog.providers().stream()
                .sorted(Comparator.<ProviderSpec>comparingInt(p -> bundled.contains(p.id()) ? bundled.indexOf(p.id())
                        : bundled.size()).thenComparing(ProviderSpec::id))
                .toList();
    }
}
