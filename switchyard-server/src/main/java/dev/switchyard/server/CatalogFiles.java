package dev.switchyard.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.sync.OverlayFile;
import java.nio.file.Path;

/**
 * The catalog a configuration describes, the same for the gateway and every command that shows it: the bundled
 * catalog, the synced overlay file ({@link GatewayConfig#catalogOverlayFile()}, when it exists) and the
 * configuration's catalog sections, in that order (docs/decisions/0015-catalog-overlay.md).
 */
public final class CatalogFiles {

    private CatalogFiles() {
    }

    /**
     * Builds the catalog. A malformed overlay, or one with a key the catalog does not know, is an
     * {@link IllegalArgumentException} that names the file.
     */
    public static Catalog load(GatewayConfig config) {
        ObjectNode overlay = overlay(config.catalogOverlayFile());
        try {
            return new CatalogLoader(config.env()).load(overlay, config.catalogOverlay());
        } catch (IllegalArgumentException e) {
            if (overlay.isEmpty()) {
                throw e;
            }
            throw new IllegalArgumentException(e.getMessage() + " (with the catalog overlay "
                    + config.catalogOverlayFile() + ")", e);
        }
    }

    /** The overlay file's tree, checked against the catalog's keys; empty when the file does not exist. */
    public static ObjectNode overlay(Path file) {
        ObjectNode tree = OverlayFile.read(file);
        for (var section : tree.properties()) {
            if (!section.getKey().equals("providers") && !section.getKey().equals("models")
                    && !section.getKey().equals("aliases")) {
                throw new IllegalArgumentException("catalog overlay " + file + ": unknown section '" + section.getKey()
                        + "' (expected: providers, models, aliases)");
            }
        }
        try {
            ConfigKeys.check(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalog overlay " + file + ": "
                    + e.getMessage().replaceFirst("^config: ", ""), e);
        }
        return tree;
    }
}
