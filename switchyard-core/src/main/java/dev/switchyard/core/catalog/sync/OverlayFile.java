package dev.switchyard.core.catalog.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The synced overlay file ({@code catalog.overlay}, by default {@code <data-dir>/catalog-overlay.yaml}): the same
 * {@code providers} / {@code models} / {@code aliases} shape as the bundled catalog, written only by
 * {@code switchyard catalog sync} and loaded by the gateway between the bundled catalog and the configuration.
 * Written atomically (a temporary file, then a rename), so a gateway starting meanwhile reads the old or the new file,
 * never half of one. Text from a source is written with {@code ${} escaped as {@code $${}, so the loader's
 * environment interpolation can never read a variable a source named.
 */
public final class OverlayFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private static final String HEADER = """
            # Switchyard catalog overlay, written by `switchyard catalog sync`: do not edit by hand (the next sync
            # rewrites the provider it refreshes). It is loaded over the bundled catalog and under your configuration,
            # so a price set in the configuration still wins. Each price carries its as_of date and source.
            # See docs/catalog.md.
            """;

    private OverlayFile() {
    }

    /** The overlay's tree; an absent or empty file is an empty overlay. */
    public static ObjectNode read(Path file) {
        if (!Files.exists(file)) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("catalog overlay " + file + ": " + firstLine(e.getMessage()), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("catalog overlay " + file
                    + ": expected a mapping of providers, models and aliases");
        }
        return object;
    }

    /** Writes the overlay atomically, creating the directory if needed. */
    public static void write(Path file, ObjectNode overlay) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".catalog-overlay", ".tmp");
        try {
            Files.writeString(tmp, HEADER + YAML.writeValueAsString(escaped(overlay.deepCopy())));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static JsonNode escaped(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                e.setValue(e.getValue().isTextual() ? TextNode.valueOf(e.getValue().asText().replace("${", "$${"))
                        : escaped(e.getValue()));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, a.get(i).isTextual() ? TextNode.valueOf(a.get(i).asText().replace("${", "$${"))
                        : escaped(a.get(i)));
            }
        }
        return node;
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
