package dev.switchyard.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelResolverTest {

    private final ModelResolver resolver = new ModelResolver(new CatalogLoader(Map.of()).loadBundled());

    @Test
    void resolvesIdsAliasesAndUniqueBareNames() {
        assertThat(resolver.resolve("deepseek/deepseek-flash")).map(ModelSpec::id).contains("deepseek/deepseek-flash");
        assertThat(resolver.resolve("deepseek-chat")).map(ModelSpec::id).contains("deepseek/deepseek-flash");
        assertThat(resolver.resolve("kimi-k3")).map(ModelSpec::id).contains("moonshotai/kimi-k3");
        assertThat(resolver.resolve("MiniMax-M3")).map(ModelSpec::id).contains("minimax/minimax-m3");
        assertThat(resolver.resolve("gpt-7")).isEmpty();
    }

    @Test
    void suggestsCloseMatchesClosestFirst() {
        assertThat(resolver.closeMatches("deepseek/deepseek-flsh", 3)).first().isEqualTo("deepseek/deepseek-flash");
        assertThat(resolver.closeMatches("kimi", 5)).contains("moonshotai/kimi-k3", "moonshotai/kimi-k2.6");
        assertThat(resolver.closeMatches("glm-5.3", 5)).first().isEqualTo("z-ai/glm-5.3");
        assertThat(resolver.closeMatches("completely-unrelated-thing-xyz", 5)).isEmpty();
    }

    @Test
    void editDistance() {
        assertThat(ModelResolver.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(ModelResolver.editDistance("", "abc")).isEqualTo(3);
        assertThat(ModelResolver.editDistance("same", "same")).isZero();
    }
}
