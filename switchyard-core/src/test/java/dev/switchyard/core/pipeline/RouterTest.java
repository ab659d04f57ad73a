package dev.switchyard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.FakeTicker;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.answer.ReplayStream;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.routing.HealthConfig;
import dev.switchyard.core.routing.HealthRegistry;
import dev.switchyard.core.routing.RetryPolicy;
import dev.switchyard.core.routing.RoutePlanner;
import dev.switchyard.core.routing.RoutingControls;
import dev.switchyard.core.routing.RoutingPolicy;
import dev.switchyard.core.routing.LocalStickySessions;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The attempt loop on its own: fallbacks, retry rounds with backoff, and no retry after commit. */
class RouterTest {

    private final FakeTicker ticker = new FakeTicker();
    private final List<Duration> waits = new ArrayList<>();

    /** A client channel that only records what it was told. */
    static final class RecordingChannel implements ClientChannel {
        boolean committed;
        GatewayError failure;

        @Override public WireProtocol protocol() { return WireProtocol.OPENAI_CHAT; }
        @Override public boolean committed() { return committed; }
        @Override public boolean closed() { return false; }
        @Override public void onClose(Runnable action) { }
        @Override public void header(String name, String value) { }
        @Override public void beginStream() { committed = true; }
        @Override public void write(Buffer chunk) { }
        @Override public boolean writeQueueFull() { return false; }
        @Override public void drainHandler(Runnable action) { }
        @Override public void endStream() { }
        @Override public void respond(int status, String contentType, Buffer body) { committed = true; }
        @Override public void fail(GatewayError error) { failure = error; }
    }

    record Request(String model) implements InboundRequest {
        @Override public WireProtocol protocol() { return WireProtocol.OPENAI_CHAT; }
        @Override public boolean stream() { return false; }
        @Override public boolean clientWantsUsage() { return false; }
        @Override public Buffer body() { return Buffer.buffer("{}"); }
        @Override public RoutingControls routing() { return RoutingControls.NONE; }
        @Override public dev.switchyard.core.ir.ChatRequest ir() { throw new UnsupportedOperationException(); }
        @Override public dev.switchyard.core.ir.FrontDoorCodec frontDoor() { throw new UnsupportedOperationException(); }
    }

    private Catalog catalog(String endpoints) {
        return new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
                providers:
                  a: {base_url: "http://a/v1", api_key: k}
                  b: {base_url: "http://b/v1", api_key: k}
                models:
                  v/m:
                    endpoints: %s
                """.formatted(endpoints)));
    }

    /** A complete non-streamed answer from the attempt's endpoint. */
    private static Future<Answer> answer(Attempt at, Ending ending) {
        return Future.succeededFuture(new Answer(at.endpoint(), WireProtocol.OPENAI_CHAT, false, false, Map.of(),
                new ReplayStream(List.of(new Delta.WholeBytes(Buffer.buffer("{}"), 0)), ending)));
    }

    /** Routes and, like the edge, starts the answer's stream so that it ends. */
    private Exchange run(Catalog catalog, ProviderAdapter adapter, RetryPolicy retry, RecordingChannel channel) {
        RoutePlanner planner = new RoutePlanner(catalog, RoutingPolicy.NONE,
                new HealthRegistry(HealthConfig.DEFAULT, ticker), Set.of(WireProtocol.OPENAI_CHAT),
                new LocalStickySessions(ticker, 1, 10), () -> new SplittableRandom(1));
        Router router = new Router(planner, Map.of(WireProtocol.OPENAI_CHAT, adapter), List.of(),
                Deadlines.DEFAULT, retry, d -> {
                    waits.add(d);
                    return Future.succeededFuture();
                }, () -> new SplittableRandom(7));
        Exchange exchange = new Exchange("gen-1", "chat.completions", new Request("v/m"), channel, ticker, 0);
        exchange.models(List.of(catalog.model("v/m").orElseThrow()), dev.switchyard.core.routing.Variant.NONE);
        router.route(exchange).onSuccess(a -> a.deltas().start(new dev.switchyard.core.answer.DeltaSink() {
            @Override public void onDelta(Delta delta) { }
            @Override public void onEnd(Ending ending) { }
        }));
        return exchange;
    }

    private static UpstreamFailure failure(boolean retryable, int status) {
        return new UpstreamFailure(GatewayError.builder(ErrorKind.UPSTREAM, "x").build(), "http_" + status, retryable,
                status);
    }

    @Test
    void aLoneEndpointIsRetriedAfterABackoffRound() {
        AtomicInteger calls = new AtomicInteger();
        ProviderAdapter flaky = (ex, at) -> calls.incrementAndGet() == 1 ? Future.failedFuture(failure(true, 503))
                : answer(at, Ending.completed(Usage.NONE, "stop"));
        Exchange ex = run(catalog("[{provider: a, upstream_model: m, pricing: {prompt: '1', completion: '1'}}]"), flaky,
                new RetryPolicy(5, 2, Duration.ofMillis(100), Duration.ofSeconds(1)), new RecordingChannel());
        assertThat(calls).hasValue(2);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(ex.attempts()).extracting(AttemptRecord::status).containsExactly(503, 200);
    }

    @Test
    void fallbackToTheNextEndpointIsImmediateAndAttemptsAreCapped() {
        List<String> tried = new ArrayList<>();
        ProviderAdapter down = (ex, at) -> {
            tried.add(at.provider().id());
            return Future.failedFuture(failure(true, 500));
        };
        run(catalog("[{provider: a, upstream_model: m, pricing: {prompt: '1', completion: '1'}},"
                + " {provider: b, upstream_model: m, pricing: {prompt: '9', completion: '9'}}]"), down,
                new RetryPolicy(3, 5, Duration.ofMillis(10), Duration.ofMillis(10)), new RecordingChannel());
        assertThat(tried).hasSize(3);
        assertThat(waits).hasSize(1); // one round boundary within three attempts
    }

    @Test
    void nonRetryableFailuresAndFailuresAfterCommitAreFinal() {
        AtomicInteger calls = new AtomicInteger();
        ProviderAdapter badRequest = (ex, at) -> {
            calls.incrementAndGet();
            return Future.failedFuture(failure(false, 400));
        };
        String two = "[{provider: a, upstream_model: m, pricing: {prompt: '1', completion: '1'}},"
                + " {provider: b, upstream_model: m, pricing: {prompt: '2', completion: '2'}}]";
        run(catalog(two), badRequest, RetryPolicy.DEFAULT, new RecordingChannel());
        assertThat(calls).hasValue(1);

        AtomicInteger streamed = new AtomicInteger();
        ProviderAdapter cutAfterFirstByte = (ex, at) -> {
            streamed.incrementAndGet();
            return answer(at, Ending.failed(Usage.NONE, "", failure(true, 0)));
        };
        Exchange cut = run(catalog(two), cutAfterFirstByte, RetryPolicy.DEFAULT, new RecordingChannel());
        assertThat(streamed).hasValue(1);
        assertThat(cut.attempts()).extracting(AttemptRecord::errorClass).containsExactly("http_0");
    }
}
