package dev.switchyard.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ChatRequestScannerTest {

    private final ChatRequestScanner scanner = new ChatRequestScanner(32, 1_000_000);

    private ScannedChatRequest scan(String json) {
        return scanner.scan(Buffer.buffer(json));
    }

    private static JsonNode parse(Buffer b) throws Exception {
        return new ObjectMapper().readTree(b.getBytes());
    }

    @Test
    void readsWhatRoutingNeeds() {
        ScannedChatRequest r = scan("{\"model\":\"deepseek/deepseek-flash\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":[]}]}");
        assertThat(r.model()).isEqualTo("deepseek/deepseek-flash");
        assertThat(r.stream()).isTrue();
        assertThat(r.messageCount()).isEqualTo(2);
        assertThat(r.clientWantsUsage()).isFalse();
    }

    @Test
    void rewriteReplacesOnlyTheModelAndAddsUsageForStreams() throws Exception {
        String body = "{ \"messages\": [{\"role\":\"user\",\"content\":\"héllo \\\"model\\\"\"}], "
                + "\"model\" : \"deepseek-chat\", \"stream\": true, \"x-unknown\": {\"keep\": [1,2]} }";
        Buffer out = FastPathRewriter.rewrite(scan(body), "deepseek-flash");
        JsonNode json = parse(out);
        assertThat(json.path("model").asText()).isEqualTo("deepseek-flash");
        assertThat(json.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(json.path("x-unknown").toString()).isEqualTo("{\"keep\":[1,2]}");
        assertThat(json.path("messages").get(0).path("content").asText()).isEqualTo("héllo \"model\"");
        // everything else is byte-identical: removing the edits gives back the original
        String text = out.toString();
        assertThat(text).startsWith("{ \"messages\": [{\"role\":\"user\",\"content\":\"héllo \\\"model\\\"\"}], "
                + "\"model\" : \"deepseek-flash\", \"stream\": true, \"x-unknown\": {\"keep\": [1,2]} ");
    }

    @Test
    void aBufferThatIsASliceOfALargerArrayIsScannedAtTheRightOffsets() throws Exception {
        String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        Buffer big = Buffer.buffer("GARBAGE-BEFORE" + body + "GARBAGE-AFTER");
        Buffer slice = big.slice(14, 14 + body.length());
        JsonNode json = parse(FastPathRewriter.rewrite(scanner.scan(slice), "up"));
        assertThat(json.path("model").asText()).isEqualTo("up");
        assertThat(json.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void existingStreamOptionsKeepTheirOtherFields() throws Exception {
        ScannedChatRequest r = scan("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        JsonNode json = parse(FastPathRewriter.rewrite(r, "up"));
        assertThat(json.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(json.path("stream_options").path("include_obfuscation").asBoolean(true)).isFalse();
    }

    @Test
    void clientThatAskedForUsageKeepsItsBodyApartFromTheModel() {
        String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        ScannedChatRequest r = scan(body);
        assertThat(r.clientWantsUsage()).isTrue();
        assertThat(FastPathRewriter.rewrite(r, "m").toString()).isEqualTo(body);
    }

    @Test
    void nonStreamedBodiesGetNoStreamOptions() throws Exception {
        JsonNode json = parse(FastPathRewriter.rewrite(
                scan("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), "a\"b"));
        assertThat(json.has("stream_options")).isFalse();
        assertThat(json.path("model").asText()).isEqualTo("a\"b");
    }

    @Test
    void routingControlsAreReadAndCutFromTheUpstreamBody() throws Exception {
        String body = "{\"provider\": {\"only\": [\"deepseek\"], \"sort\": \"price\"}, \"model\": \"a/b\","
                + " \"models\": [\"c/d\", \"e/f\"], \"messages\": [{\"role\":\"user\",\"content\":\"hello\"}],"
                + " \"session_id\": \"conv-9\", \"temperature\": 0.2, \"tools\": [{\"type\":\"function\"}],"
                + " \"max_tokens\": 300, \"route\": \"fallback\"}";
        ScannedChatRequest r = scan(body);
        assertThat(r.routing().fallbackModels()).containsExactly("c/d", "e/f");
        assertThat(r.routing().preferences().only()).contains(java.util.Set.of("deepseek"));
        assertThat(r.routing().sessionKey()).isEqualTo("conv-9");
        assertThat(r.routing().parameters()).contains("temperature", "tools", "max_tokens");
        assertThat(r.routing().usesTools()).isTrue();
        assertThat(r.routing().maxOutputTokens()).isEqualTo(300);
        JsonNode upstream = parse(FastPathRewriter.rewrite(r, "up-b"));
        assertThat(upstream.has("provider")).isFalse();
        assertThat(upstream.has("models")).isFalse();
        assertThat(upstream.has("session_id")).isFalse();
        assertThat(upstream.has("route")).isFalse();
        assertThat(upstream.path("model").asText()).isEqualTo("up-b");
        assertThat(upstream.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(upstream.path("tools")).hasSize(1);
        assertThat(upstream.path("messages").get(0).path("content").asText()).isEqualTo("hello");
    }

    @Test
    void adjacentAndOnlyRoutingFieldsAreCutCleanly() throws Exception {
        for (String body : new String[] {
                "{\"models\":[],\"provider\":{},\"model\":\"m\",\"messages\":[{}]}",
                "{\"model\":\"m\",\"messages\":[{}],\"models\":[],\"provider\":{}}",
                "{\"model\":\"m\",\"provider\":{},\"messages\":[{}],\"models\":[\"x/y\"]}"}) {
            JsonNode upstream = parse(FastPathRewriter.rewrite(scan(body), "u"));
            assertThat(upstream.size()).as(body).isEqualTo(2);
            assertThat(upstream.path("model").asText()).isEqualTo("u");
        }
        assertThat(scan("{\"model\":\"m\",\"messages\":[{}],\"user\":\"u-1\"}").routing().sessionKey())
                .isEqualTo("u-1");
    }

    @Test
    void badInputNamesTheProblem() {
        assertError("", "empty", null);
        assertError("{\"model\":", "malformed JSON", "body");
        assertError("[1]", "must be a JSON object", null);
        assertError("{\"model\":\"m\",", "malformed JSON", "body");
        assertError("{\"messages\":[{\"role\":\"user\"}]}", "'model'", "model");
        assertError("{\"model\":5,\"messages\":[]}", "'model' must be a string", "model");
        assertError("{\"model\":\"m\"}", "'messages'", "messages");
        assertError("{\"model\":\"m\",\"messages\":[]}", "at least one", "messages");
        assertError("{\"model\":\"m\",\"messages\":\"hi\"}", "must be an array", "messages");
        assertError("{\"model\":\"m\",\"messages\":[1]}", "messages[0]", "messages");
        assertError("{\"model\":\"m\",\"model\":\"n\",\"messages\":[{}]}", "duplicate key 'model'", "body");
        assertError("{\"model\":\"m\",\"messages\":[{}]} {}", "after the JSON object", "body");
        assertError("{\"model\":\"m\",\"messages\":[{}]} trailing", "after the JSON object", "body");
        assertError("{\"model\":\"m\",\"messages\":[{}]}\u0000", "after the JSON object", "body");
        assertError("{\"model\":\"m\",\"messages\":[{}]}}garbage", "after the JSON object", "body");
        assertError("{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{}]}", "'stream'", "stream");
        assertError("{\"model\":\"m\",\"models\":\"x\",\"messages\":[{}]}", "'models'", "models");
        assertError("{\"model\":\"m\",\"provider\":{\"sort\":1},\"messages\":[{}]}", "provider.sort",
                "provider.sort");
        assertError("{\"model\":\"m\",\"max_tokens\":\"x\",\"messages\":[{}]}", "'max_tokens'", "max_tokens");
        assertError("{\"model\":\"m\",\"temperature\":\"hot\",\"messages\":[{}]}",
                "'temperature' must be a number (found a string)", "temperature");
        assertError("{\"model\":\"m\",\"tools\":7,\"messages\":[{}]}", "'tools' must be an array", "tools");
        assertError("{\"model\":\"m\",\"tools\":[7],\"messages\":[{}]}", "tools[0] must be an object", "tools");
        assertError("{\"model\":\"m\",\"n\":1.5,\"messages\":[{}]}", "'n' must be an integer", "n");
        assertError("{\"model\":\"m\",\"stop\":5,\"messages\":[{}]}", "'stop' must be a string or an array", "stop");
        assertError("{\"model\":\"m\",\"messages\":[{\"c\":" + "[".repeat(40) + "]".repeat(40) + "}]}",
                "nesting depth is limited to 32", null);
    }

    private void assertError(String body, String message, String param) {
        assertThatThrownBy(() -> scan(body)).as(body).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
            assertThat(e.param().orElse(null)).isEqualTo(param);
        });
    }
}
