package dev.switchyard.core.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlay file: written atomically, read back as written, and never a way for a source to read the environment. */
class OverlayFileTest {

    @TempDir
    Path dir;

    @Test
    void aSourcesTextSurvivesTheLoadersInterpolationVerbatim() throws Exception {
        ObjectNode tree = (ObjectNode) CatalogLoader.parseYaml("""
                models:
                  acme/x:
                    name: "Acme ${SECRET_KEY} edition"
                    vendor: acme
                    endpoints:
                      - {provider: deepseek, upstream_model: x, pricing: {prompt: "1", completion: "2", as_of: 2026-12-01, source: "a long source text that is longer than eighty characters, so that a YAML writer would fold it"}}
                """);
        Path file = dir.resolve("sub/catalog-overlay.yaml");
        OverlayFile.write(file, tree);
        assertThat(Files.readString(file)).startsWith("# Switchyard catalog overlay").contains("$${SECRET_KEY}");
        Catalog c = new CatalogLoader(Map.of("SECRET_KEY", "sk-leaked")).load(OverlayFile.read(file),
                CatalogLoader.parseYaml("{}"));
        assertThat(c.model("acme/x").orElseThrow().name()).isEqualTo("Acme ${SECRET_KEY} edition");
        assertThat(c.model("acme/x").orElseThrow().endpoints().getFirst().pricing().source())
                .endsWith("so that a YAML writer would fold it");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void anAbsentFileIsAnEmptyOverlayAndAMalformedOneNamesItself() throws Exception {
        assertThat(OverlayFile.read(dir.resolve("none.yaml"))).isEmpty();
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "- just\n- a list\n");
        assertThatThrownBy(() -> OverlayFile.read(bad)).hasMessageContaining(bad.toString())
                .hasMessageContaining("expected a mapping");
    }
}
