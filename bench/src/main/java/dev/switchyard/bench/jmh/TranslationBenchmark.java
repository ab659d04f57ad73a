package dev.switchyard.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.catalog.AuthScheme;
import dev.switchyard.core.catalog.DataPolicy;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamDecoder;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.providers.anthropic.AnthropicCodec;
import dev.switchyard.providers.openai.OpenAiChatCodec;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-request and per-event cost of translation through the IR (issue 3): an Anthropic Messages request
 * decoded and written for an OpenAI-compatible provider, and one streamed text event translated each way
 * (OpenAI chunk to Anthropic events, Anthropic event to an OpenAI chunk).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TranslationBenchmark {

    private final ObjectMapper mapper = new ObjectMapper();
    private AnthropicCodec anthropic;
    private OpenAiChatCodec openAi;
    private ProviderSpec deepseek;
    private JsonNode messagesRequest;
    private StreamDecoder openAiDecoder;
    private StreamEncoder anthropicEncoder;
    private StreamDecoder anthropicDecoder;
    private StreamEncoder openAiEncoder;
    private String openAiChunk;
    private String anthropicDelta;

    @Setup
    public void setUp() throws IOException {
        anthropic = new AnthropicCodec(mapper);
        openAi = new OpenAiChatCodec(mapper);
        deepseek = new ProviderSpec("deepseek", "DeepSeek", WireProtocol.OPENAI_CHAT, "http://x/v1",
                AuthScheme.BEARER, "", List.of(), true, Map.of(), "CN", DataPolicy.UNKNOWN);
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            history.append(i == 0 ? "" : ",").append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":[{\"type\":\"text\",\"text\":\"")
                    .append("Tell me about freight rail signalling. ".repeat(5)).append("\"}]}");
        }
        messagesRequest = mapper.readTree("{\"model\":\"deepseek/deepseek-flash\",\"max_tokens\":1024,\"stream\":true,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"You are terse.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"tools\":[{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"q\":"
                + "{\"type\":\"string\"}}}}],\"messages\":[" + history + "]}");
        ResponseMeta meta = new ResponseMeta("gen-1", "deepseek/deepseek-flash", 1_767_225_600L, false,
                WireProtocol.OPENAI_CHAT);
        openAiDecoder = openAi.streamDecoder();
        anthropicEncoder = anthropic.streamEncoder(meta);
        anthropicDecoder = anthropic.streamDecoder();
        openAiEncoder = openAi.streamEncoder(new ResponseMeta("gen-2", "anthropic/claude-haiku-5-5",
                1_767_225_600L, false, WireProtocol.ANTHROPIC_MESSAGES));
        openAiChunk = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                + "\"model\":\"deepseek-flash\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" signals\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}";
        anthropicDelta = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                + "\"text\":\" signals\"}}";
        // open the content blocks once, so that the measured events are the steady state of a stream
        textChunk();
        anthropicTextEvent();
    }

    /** An Anthropic Messages request (3 KB, tools, cache marks) decoded and written for DeepSeek. */
    @Benchmark
    public Buffer anthropicRequestToOpenAi() {
        return openAi.encodeRequest(anthropic.decodeRequest(messagesRequest), "deepseek-flash", deepseek).body();
    }

    /** One OpenAI text chunk from the provider, out to an Anthropic client. */
    @Benchmark
    public Buffer textChunk() {
        Buffer out = Buffer.buffer(256);
        openAiDecoder.decode("", openAiChunk, e -> anthropicEncoder.encode(e, out));
        return out;
    }

    /** One Anthropic text event from the provider, out to an OpenAI client. */
    @Benchmark
    public Buffer anthropicTextEvent() {
        Buffer out = Buffer.buffer(256);
        anthropicDecoder.decode("content_block_delta", anthropicDelta, e -> openAiEncoder.encode(e, out));
        return out;
    }
}
