package dev.switchyard.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.error.SecretRedactor;
import dev.switchyard.core.json.Json;
import dev.switchyard.providers.openai.ChatRequestScanner;
import dev.switchyard.providers.openai.FastPathRewriter;
import dev.switchyard.providers.openai.PassThroughRelay;
import dev.switchyard.providers.openai.ScannedChatRequest;
import dev.switchyard.providers.openai.StreamAccountant;
import dev.switchyard.providers.sse.SseEventSplitter;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-request and per-chunk work of the same-protocol fast path: scanning a chat request, splicing the upstream
 * body, and splitting plus accounting one streamed chunk. The {@code relay*} cases are a streamed answer's whole
 * upstream side per network read, as {@code UpstreamCall} runs it: split, the relay's per-event parse and accounting,
 * and the delta handed up (run with {@code -prof gc} for the bytes allocated per read).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {

    private ChatRequestScanner scanner;
    private Buffer request;
    private ScannedChatRequest scanned;
    private Buffer contentChunk;
    private Buffer usageChunk;
    private SseEventSplitter splitter;
    private StreamAccountant accountant;
    private PassThroughRelay relay;
    private SseEventSplitter relaySplitter;
    private Buffer threeChunks;

    @Setup
    public void setUp() {
        scanner = new ChatRequestScanner(64, 10 << 20);
        splitter = new SseEventSplitter(1 << 20);
        accountant = new StreamAccountant(new ObjectMapper(Json.limitedFactory(256, 64 << 20)), false);
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            history.append(i == 0 ? "" : ",").append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":\"").append("Tell me about freight rail signalling. ".repeat(5))
                    .append("\"}");
        }
        request = Buffer.buffer("{\"model\":\"deepseek/deepseek-flash\",\"stream\":true,\"temperature\":0.7,"
                + "\"messages\":[" + history + "],\"provider\":{\"sort\":\"price\"}}");
        scanned = scanner.scan(request);
        relay = new PassThroughRelay(new ObjectMapper(Json.limitedFactory(256, 64 << 20)), false,
                SecretRedactor.of(List.of("sk-upstream-key-0123456789")));
        relaySplitter = new SseEventSplitter(1 << 20);
        contentChunk = Buffer.buffer("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":"
                + "1767225600,\"model\":\"deepseek-flash\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" signals\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        threeChunks = contentChunk.copy().appendBuffer(contentChunk).appendBuffer(contentChunk);
        usageChunk = Buffer.buffer("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":420,\"completion_tokens\":64,\"total_tokens\":484}}\n\n");
    }

    @Benchmark
    public ScannedChatRequest scanRequest() {
        return scanner.scan(request);
    }

    @Benchmark
    public Buffer rewriteUpstreamBody() {
        return FastPathRewriter.rewrite(scanned, "deepseek-flash");
    }

    /** One content chunk through the splitter and the accountant of a stream in progress. */
    @Benchmark
    public void splitAndAccountContentChunk(Blackhole bh) {
        splitter.feed(contentChunk, e -> bh.consume(accountant.onEvent(e)));
    }

    /** One network read of one content event through the fast path's relay, up to the delta it hands up. */
    @Benchmark
    public Optional<Delta> relayContentRead() {
        relaySplitter.feed(contentChunk, relay::onEvent);
        return relay.takeDelta();
    }

    /** One network read carrying three content events: one delta of the three. */
    @Benchmark
    public Optional<Delta> relayThreeEventRead() {
        relaySplitter.feed(threeChunks, relay::onEvent);
        return relay.takeDelta();
    }

    /** The usage chunk (parsed, then dropped for a client that did not ask for it). */
    @Benchmark
    public void splitAndAccountUsageChunk(Blackhole bh) {
        splitter.feed(usageChunk, e -> bh.consume(accountant.onEvent(e)));
    }
}
