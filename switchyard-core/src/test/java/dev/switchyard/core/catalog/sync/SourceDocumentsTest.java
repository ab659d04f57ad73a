package dev.switchyard.core.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchyard.core.catalog.CatalogLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading OpenRouter's per-token price strings and models listings exactly, and refusing what cannot be held. */
class SourceDocumentsTest {

    @Test
    void perTokenStringsBecomeExactPicodollarsAndPerMillionStrings() {
        ListedPrice p = SourceDocuments.price(CatalogLoader.parseYaml("""
                {prompt: "0.0000025", completion: "0.00001", input_cache_read: "0.0000000028", request: "0.005"}
                """));
        assertThat(p.prompt()).isEqualTo(2_500_000L);
        assertThat(p.completion()).isEqualTo(10_000_000L);
        assertThat(p.cacheRead()).hasValue(2_800L); // DeepSeek's smallest cache price, $0.0028 per million
        assertThat(p.cacheWrite()).isEmpty();
        assertThat(p.request()).isEqualTo(5_000_000_000L);
        assertThat(CatalogSync.perMillion(p.prompt())).isEqualTo("2.5");
        assertThat(CatalogSync.perMillion(p.cacheRead().getAsLong())).isEqualTo("0.0028");
        assertThat(CatalogSync.perMillion(0)).isEqualTo("0");
    }

    @Test
    void tiersTakeTheHighestPriceOfEachKind() {
        ListedPrice p = SourceDocuments.price(CatalogLoader.parseYaml("""
                {prompt: "0.000002", completion: "0.000012", overrides: [
                  {min_prompt_tokens: 200000, prompt: "0.000004", completion: "0.000018"},
                  {utc_start: "1600", utc_end: "0030", prompt: "0.000001"}]}
                """));
        assertThat(p.prompt()).isEqualTo(4_000_000L);
        assertThat(p.completion()).isEqualTo(18_000_000L);
        assertThat(p.note()).isEqualTo("the highest of its 3 price tiers");
    }

    @Test
    void unusableEntriesAreSkippedWithTheirReason() {
        Listing l = SourceDocuments.openRouter(CatalogLoader.parseYaml("""
                data:
                  - {id: a/variable, pricing: {prompt: "-1", completion: "-1"}}
                  - {id: "a/b:free", pricing: {prompt: "0", completion: "0"}}
                  - {id: a/fine, pricing: {prompt: "0.0000000000001", completion: "0"}}
                  - {id: a/none}
                  - {id: a/ok, pricing: {prompt: "0", completion: "0"}, hugging_face_id: a/OK}
                """));
        assertThat(l.models()).extracting(ListedModel::upstreamId).containsExactly("a/ok");
        assertThat(l.models().getFirst().openWeights()).isTrue();
        assertThat(l.skipped()).containsExactly("a/variable: prompt price -1 is variable (negative)",
                "a/b:free: a variant of another model (variants are request suffixes, e.g. model:floor)",
                "a/fine: prompt price 0.0000000000001 USD per token is finer than a picodollar and cannot be held"
                        + " exactly",
                "a/none: no prompt and completion price");
        assertThatThrownBy(() -> SourceDocuments.openRouter(CatalogLoader.parseYaml("{models: []}")))
                .hasMessageContaining("\"data\" array");
    }

    @Test
    void aLocalServersListingIsFreeAndOpenAndAnotherOneIsUnpriced() {
        var doc = CatalogLoader.parseYaml("""
                data: [{id: "qwen3:32b", max_model_len: 40960}, {id: m2}]
                """);
        List<ListedModel> local = SourceDocuments.modelsListing(doc, true).models();
        assertThat(local.getFirst().price()).hasValueSatisfying(p -> assertThat(p.prompt()).isZero());
        assertThat(local.getFirst().contextLength()).isEqualTo(40960);
        assertThat(local.getFirst().openWeights()).isTrue();
        assertThat(SourceDocuments.modelsListing(doc, false).models()).allSatisfy(m -> assertThat(m.price()).isEmpty());
        assertThat(CatalogSync.newId("ollama", "qwen3:32b")).isEqualTo("ollama/qwen3-32b");
        assertThat(CatalogSync.newId("siliconflow", "Qwen/Qwen4-Max")).isEqualTo("qwen/qwen4-max");
    }
}
