package dev.switchyard.providers.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.DataPolicy;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.json.BufferParsers;
import dev.switchyard.core.json.Json;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.codec.RoutingFields;
import dev.switchyard.providers.gemini.GeminiCodec;
import dev.switchyard.providers.openai.ChatRequestScanner;
import dev.switchyard.providers.openai.OpenAiChatCodec;
import dev.switchyard.providers.responses.ResponsesCodec;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every front door's parser, fuzzed (issue 13; docs/reliability.md, "Fuzzing"): the chat door's one-pass scanner, and
 * for the translated doors (Anthropic Messages, OpenAI Responses, Gemini) the strict parse, the codec's decoding into
 * the IR, the routing fields, and the IR's encoding for each provider protocol, as the gateway runs them. The only
 * failure allowed is the documented one, a {@link GatewayError} with a 4xx status (the client's 400, 413 or 422);
 * anything else thrown is a crash and fails the test with the input.
 */
class DoorParsersFuzzTest {

    private static final Fuzz.Budget BUDGET = Fuzz.Budget.fromSystemProperties();
    private static final ObjectMapper LIMITED = new ObjectMapper(Json.limitedFactory(64, 1 << 20));
    private static final ObjectMapper PLAIN = Json.mapper();
    private static final List<ProviderCodec> PROVIDERS = List.of(new OpenAiChatCodec(PLAIN), new AnthropicCodec(PLAIN),
            new GeminiCodec(PLAIN));
    private static final Map<ProviderCodec, ProviderSpec> SPECS = Map.of(
            PROVIDERS.get(0), spec(WireProtocol.OPENAI_CHAT, AuthScheme.BEARER),
            PROVIDERS.get(1), spec(WireProtocol.ANTHROPIC_MESSAGES, AuthScheme.X_API_KEY),
            PROVIDERS.get(2), spec(WireProtocol.GEMINI, AuthScheme.GOOG_API_KEY));

    private static ProviderSpec spec(WireProtocol protocol, AuthScheme auth) {
        return new ProviderSpec("p", "P", protocol, "http://127.0.0.1:9/v1", auth, "", List.of(), true, Map.of(), "US",
                DataPolicy.UNKNOWN);
    }

    private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}";

    static final List<JsonNode> CHAT = Fuzz.seeds(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"temperature\":0.2,"
                    + "\"max_tokens\":20,\"stop\":[\"x\"],\"tools\":[" + TOOL + "],\"tool_choice\":\"auto\","
                    + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":"
                    + "[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                    + "\"data:image/png;base64,iVBORw0KGgo=\"}}]},{\"role\":\"assistant\",\"content\":null,"
                    + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\","
                    + "\"content\":\"sunny\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                    + "{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}},\"reasoning_effort\":\"high\","
                    + "\"models\":[\"a\",\"b\"],\"provider\":{\"order\":[\"x\"],\"allow_fallbacks\":false}}");

    static final List<JsonNode> MESSAGES = Fuzz.seeds(
            "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"m\",\"max_tokens\":100,\"stream\":true,\"system\":[{\"type\":\"text\",\"text\":\"s\","
                    + "\"cache_control\":{\"type\":\"ephemeral\"}}],\"thinking\":{\"type\":\"enabled\","
                    + "\"budget_tokens\":1024},\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":"
                    + "\"object\"}}],\"tool_choice\":{\"type\":\"auto\"},\"stop_sequences\":[\"x\"],\"metadata\":"
                    + "{\"user_id\":\"u\"},\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                    + "\"text\":\"hi\"},{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":"
                    + "\"image/png\",\"data\":\"iVBORw0KGgo=\"}}]},{\"role\":\"assistant\",\"content\":[{\"type\":"
                    + "\"thinking\",\"thinking\":\"t\",\"signature\":\"s\"},{\"type\":\"tool_use\",\"id\":\"t1\","
                    + "\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}]},{\"role\":\"user\",\"content\":"
                    + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"sunny\"}]}]}");

    static final List<JsonNode> RESPONSES = Fuzz.seeds(
            "{\"model\":\"m\",\"input\":\"hi\"}",
            "{\"model\":\"m\",\"instructions\":\"be brief\",\"stream\":true,\"reasoning\":{\"effort\":\"high\","
                    + "\"summary\":\"auto\"},\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"x\",\"schema\":"
                    + "{\"type\":\"object\"}}},\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\","
                    + "\"parameters\":{\"type\":\"object\"}}],\"tool_choice\":\"auto\",\"max_output_tokens\":50,"
                    + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"},"
                    + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,iVBORw0KGgo=\"}]},"
                    + "{\"type\":\"reasoning\",\"id\":\"r1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"t\"}]},"
                    + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"get_weather\",\"arguments\":\"{}\"},"
                    + "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"sunny\"}]}");

    static final List<JsonNode> GEMINI = Fuzz.seeds(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}",
            "{\"systemInstruction\":{\"parts\":[{\"text\":\"s\"}]},\"generationConfig\":{\"temperature\":0.3,"
                    + "\"maxOutputTokens\":20,\"thinkingConfig\":{\"thinkingBudget\":512,\"includeThoughts\":true},"
                    + "\"responseMimeType\":\"application/json\",\"responseSchema\":{\"type\":\"OBJECT\"}},"
                    + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"parameters\":{\"type\":"
                    + "\"OBJECT\"}}]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}},\"contents\":"
                    + "[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"},{\"inlineData\":{\"mimeType\":\"image/png\","
                    + "\"data\":\"iVBORw0KGgo=\"}}]},{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":"
                    + "\"get_weather\",\"args\":{\"city\":\"Oslo\"}},\"thoughtSignature\":\"c2ln\"}]},{\"role\":"
                    + "\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"r\":1}}}]}]}");

    /** The documented failure: the client's error, never the gateway's. */
    static Fuzz.Outcome refused(GatewayError e) {
        assertThat(e.status()).as("a parse error is the client's: " + e.getMessage()).isBetween(400, 499);
        return Fuzz.Outcome.REFUSED;
    }

    @Test
    void chatDoorScanner() {
        ChatRequestScanner scanner = new ChatRequestScanner(64, 1 << 20);
        Fuzz.run("chat door (scanner)", CHAT, BUDGET, (input, random) -> {
            try {
                scanner.scan(Buffer.buffer(input));
                return Fuzz.Outcome.ACCEPTED;
            } catch (GatewayError e) {
                return refused(e);
            }
        });
    }

    @Test
    void messagesDoor() {
        translated("messages door", MESSAGES, new AnthropicCodec(PLAIN), false);
    }

    @Test
    void responsesDoor() {
        translated("responses door", RESPONSES, new ResponsesCodec(), false);
    }

    @Test
    void geminiDoor() {
        translated("gemini door", GEMINI, new GeminiCodec(PLAIN), true);
    }

    private void translated(String name, List<JsonNode> seeds, FrontDoorCodec codec, boolean modelFromUrl) {
        Fuzz.run(name, seeds, BUDGET, (input, random) -> {
            try {
                ObjectNode tree = BufferParsers.object(LIMITED, Buffer.buffer(input));
                if (modelFromUrl) {
                    tree.put("model", "m");
                    tree.put("stream", random.nextBoolean());
                }
                ChatRequest ir = codec.decodeRequest(tree);
                RoutingFields.read(tree, ir, "");
                RoutingFields.promptEstimate(ir);
                for (ProviderCodec p : PROVIDERS) {
                    try {
                        p.encodeRequest(ir, "upstream-model", SPECS.get(p));
                    } catch (GatewayError e) {
                        refused(e); // a provider that cannot take what was asked: the client's 400
                    }
                }
                return Fuzz.Outcome.ACCEPTED;
            } catch (GatewayError e) {
                return refused(e);
            }
        });
    }
}
