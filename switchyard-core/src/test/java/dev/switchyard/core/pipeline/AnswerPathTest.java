package dev.switchyard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.FakeTicker;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.answer.DeltaSink;
import dev.switchyard.core.answer.DeltaStream;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.catalog.CatalogLoader;
import dev.switchyard.core.catalog.EndpointSpec;
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
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The answer's way back up, without sockets: stages see and change deltas and endings in ring order, the edge is the
 * only writer, back-pressure and cancellation travel down to the source, and every answer ends exactly once.
 */
class AnswerPathTest {

    /** A client channel that records what the edge wrote, with a write queue the test fills and drains. */
    static final class Client implements ClientChannel {
        final List<String> writes = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        boolean full;
        boolean refusesHeaders;
        Runnable drain;
        Runnable close;

        @Override public WireProtocol protocol() { return WireProtocol.OPENAI_CHAT; }
        @Override public boolean committed() { return !log.isEmpty(); }
        @Override public boolean closed() { return false; }
        @Override public void onClose(Runnable action) { close = action; }
        @Override public void header(String name, String value) {
            if (refusesHeaders) {
                throw new IllegalArgumentException("a header value contains a prohibited character");
            }
            log.add("header " + name + "=" + value);
        }
        @Override public void beginStream() { log.add("begin"); }
        @Override public void write(Buffer chunk) { writes.add(chunk.toString()); }
        @Override public boolean writeQueueFull() { return full; }
        @Override public void drainHandler(Runnable action) { drain = action; }
        @Override public void endStream() { log.add("end"); }
        @Override public void respond(int status, String contentType, Buffer body) { log.add("respond " + status + " " + body); }
        @Override public void fail(GatewayError error) { log.add("fail " + error.status() + " " + error.getMessage()); }
    }

    /** A source the test drives by hand, recording pause, resume and cancel. */
    static final class Source implements DeltaStream {
        final List<String> calls = new ArrayList<>();
        DeltaSink sink;
        boolean ended;

        @Override public void start(DeltaSink s) { sink = s; calls.add("start"); }
        @Override public void pause() { calls.add("pause"); }
        @Override public void resume() { calls.add("resume"); }
        @Override public void cancel(UpstreamFailure reason) {
            calls.add("cancel " + reason.errorClass());
            end(Ending.failed(Usage.NONE, "", reason));
        }

        void send(String text) {
            if (ended) {
                return; // like a provider call: nothing after its end
            }
            sink.onDelta(new Delta.StreamBytes(Buffer.buffer(text), 1));
        }

        void end(Ending ending) {
            if (!ended) {
                ended = true;
                sink.onEnd(ending);
            }
        }
    }

    record Request() implements InboundRequest {
        @Override public WireProtocol protocol() { return WireProtocol.OPENAI_CHAT; }
        @Override public String model() { return "v/m"; }
        @Override public boolean stream() { return true; }
        @Override public boolean clientWantsUsage() { return false; }
        @Override public Buffer body() { return Buffer.buffer("{}"); }
        @Override public RoutingControls routing() { return RoutingControls.NONE; }
        @Override public dev.switchyard.core.ir.ChatRequest ir() { throw new UnsupportedOperationException(); }
        @Override public dev.switchyard.core.ir.FrontDoorCodec frontDoor() { throw new UnsupportedOperationException(); }
    }

    private final Client client = new Client();
    private final Source source = new Source();
    private final List<UsageRecord> records = new ArrayList<>();
    private final EndpointSpec endpoint = endpoint();

    private static final Catalog CATALOG = new CatalogLoader(Map.of()).load(CatalogLoader.parseYaml("""
            providers: {a: {base_url: "http://a/v1", api_key: k}}
            models: {v/m: {endpoints: [{provider: a, upstream_model: m, pricing: {prompt: '1', completion: '2'}}]}}
            """));

    private static EndpointSpec endpoint() {
        return CATALOG.model("v/m").orElseThrow().endpoints().get(0);
    }

    /** A real router; the tests' last request-ring stage answers before it is ever reached. */
    private static Router unusedRouter() {
        FakeTicker ticker = new FakeTicker();
        RoutePlanner planner = new RoutePlanner(CATALOG, RoutingPolicy.NONE,
                new HealthRegistry(HealthConfig.DEFAULT, ticker), Set.of(WireProtocol.OPENAI_CHAT),
                new LocalStickySessions(ticker, 1, 10), () -> new SplittableRandom(1));
        return new Router(planner, Map.of(), List.of(), Deadlines.DEFAULT, RetryPolicy.DEFAULT,
                d -> Future.succeededFuture(), () -> new SplittableRandom(1));
    }

    /** Runs a pipeline whose router answers with the test's source, through the given request-ring stages. */
    private Exchange run(List<Interceptor> ring) {
        Exchange exchange = new Exchange("gen-1", "chat.completions", new Request(), client, new FakeTicker(), 0);
        Answer answer = new Answer(endpoint, WireProtocol.OPENAI_CHAT, true, false, Map.of("x-switchyard-provider", "a"),
                source);
        List<Interceptor> all = new ArrayList<>(ring);
        all.add((ex, chain) -> Future.succeededFuture(answer)); // stands in for the router
        new Pipeline(all, unusedRouter(), List.of(records::add)).execute(exchange);
        return exchange;
    }

    @Test
    void anAnswerTheClientCannotBeGivenStillEndsThroughTheRingsAndTheClientIsToldTheGatewayFailed() {
        client.refusesHeaders = true;
        List<String> endings = new ArrayList<>();
        run(List.of((ex, chain) -> chain.proceed(ex).map(a -> a.onEnd(e -> endings.add(
                e.failure().map(UpstreamFailure::errorClass).orElse("ok"))))));
        assertThat(source.calls).containsExactly("start", "cancel internal");
        assertThat(endings).containsExactly("internal");
        assertThat(client.log).singleElement().asString().startsWith("fail 500 internal error in the gateway");
        assertThat(records).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(500));
    }

    @Test
    void deltasReachTheClientAsTheyComeAndTheEndingIsRecordedOnce() {
        run(List.of());
        source.send("data: a\n\n");
        source.send("data: b\n\n");
        assertThat(client.writes).containsExactly("data: a\n\n", "data: b\n\n");
        assertThat(records).isEmpty();
        source.end(Ending.completed(new Usage(10, 2, 0, 0, 0), "stop"));
        assertThat(client.log).containsExactly("header x-switchyard-provider=a", "begin", "end");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.usage().completionTokens()).isEqualTo(2);
            assertThat(r.finishReason()).isEqualTo("stop");
            assertThat(r.cost().totalPicos()).isEqualTo(10 * 1_000_000L + 2 * 2_000_000L);
        });
    }

    @Test
    void aFullClientPausesTheSourceThroughEveryStageAndDrainResumesIt() {
        run(List.of(passThrough(), passThrough()));
        client.full = true;
        source.send("data: a\n\n");
        assertThat(source.calls).containsExactly("start", "pause");
        client.full = false;
        client.drain.run();
        assertThat(source.calls).containsExactly("start", "pause", "resume");
    }

    @Test
    void aStageMayWithholdADeltaCancelTheSourceAndChangeTheEnding() {
        Interceptor cutter = (ex, chain) -> chain.proceed(ex).map(a -> a.through((down, up) -> new DeltaSink() {
            int seen;

            @Override
            public void onDelta(Delta delta) {
                if (++seen == 2) {
                    up.cancel(new UpstreamFailure(GatewayError.builder(ErrorKind.INSUFFICIENT_CREDIT, "cut")
                            .build(), "budget_exhausted", false, 0));
                    return;
                }
                down.onDelta(delta);
            }

            @Override
            public void onEnd(Ending ending) {
                down.onEnd(ending.withUsage(new Usage(5, seen - 1, 0, 0, 0)));
            }
        }));
        run(List.of(cutter));
        source.send("data: a\n\n");
        source.send("data: b\n\n");
        source.send("data: c\n\n"); // after the cut: the source has ended, nothing more reaches the client
        assertThat(client.writes).containsExactly("data: a\n\n");
        assertThat(source.calls).contains("cancel budget_exhausted");
        assertThat(client.log).last().isEqualTo("fail 402 cut");
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(402);
            assertThat(r.errorClass()).isEqualTo("budget_exhausted");
            assertThat(r.usage().completionTokens()).isEqualTo(1);
        });
    }

    @Test
    void stagesSeeTheEndingInRingOrderFromTheInnermostOut() {
        List<String> order = new ArrayList<>();
        Interceptor outer = (ex, chain) -> chain.proceed(ex).map(a -> a.onEnd(e -> order.add("outer")));
        Interceptor inner = (ex, chain) -> chain.proceed(ex).map(a -> a.onEnd(e -> order.add("inner")));
        run(List.of(outer, inner));
        source.end(Ending.completed(Usage.NONE, "stop"));
        assertThat(order).containsExactly("inner", "outer");
    }

    @Test
    void aFailureBeforeAnyAnswerIsAnErrorResponseAndStagesStillLetGo() {
        List<String> released = new ArrayList<>();
        Interceptor holder = (ex, chain) -> chain.proceed(ex).onFailure(e -> released.add("released"));
        Exchange exchange = new Exchange("gen-2", "chat.completions", new Request(), client, new FakeTicker(), 0);
        List<Interceptor> ring = List.of(holder, (ex, chain) -> Future.failedFuture(
                GatewayError.builder(ErrorKind.UNAVAILABLE, "no endpoint").build()));
        new Pipeline(ring, unusedRouter(), List.of(records::add)).execute(exchange);
        assertThat(released).containsExactly("released");
        assertThat(client.log).containsExactly("fail 503 no endpoint");
        assertThat(records).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(503));
    }

    private static Interceptor passThrough() {
        return (ex, chain) -> chain.proceed(ex).map(a -> a.through((down, up) -> down));
    }
}
