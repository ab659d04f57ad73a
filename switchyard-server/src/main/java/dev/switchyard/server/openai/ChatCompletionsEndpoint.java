package dev.switchyard.server.openai;

import dev.switchyard.core.Ticker;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Pipeline;
import dev.switchyard.providers.openai.ChatRequestScanner;
import dev.switchyard.providers.openai.ScannedChatRequest;
import dev.switchyard.server.frontdoor.FrontDoorEndpoint;
import dev.switchyard.server.http.BodyReader;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * The front door {@code POST /v1/chat/completions}: reads the body within its limit, scans it, and runs the exchange
 * through the pipeline. Every response carries {@code x-switchyard-generation-id} (and OpenRouter's
 * {@code x-generation-id}), including errors, so any answer can be looked up in the ledger.
 */
public final class ChatCompletionsEndpoint implements Handler<RoutingContext> {

    /** The ledger's name for this front door. */
    public static final String API = "chat.completions";

    private final Pipeline pipeline;
    private final ChatRequestScanner scanner;
    private final long maxBodyBytes;
    private final Ticker ticker;
    private final WallClock clock;
    private final Deadlines deadlines;
    private final java.util.function.Supplier<String> generationIds;

    /**
     * @param settings what every front door shares; its deadlines may be tightened per request with the
     *     {@code x-switchyard-first-token-timeout-ms} and {@code x-switchyard-total-timeout-ms} headers
     * @param scanner the one-pass request scanner of the fast path
     */
    public ChatCompletionsEndpoint(FrontDoorEndpoint.FrontDoorSettings settings, ChatRequestScanner scanner) {
        this.deadlines = settings.deadlines();
        this.pipeline = settings.pipeline();
        this.scanner = scanner;
        this.maxBodyBytes = settings.maxBodyBytes();
        this.ticker = settings.ticker();
        this.clock = settings.clock();
        this.generationIds = settings.generationIds();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        long startNanos = ticker.nanos();
        long createdAt = clock.epochMillis();
        String id = generationIds.get();
        response.putHeader("x-switchyard-generation-id", id).putHeader("x-generation-id", id);
        BodyReader.read(request, maxBodyBytes).onComplete(ar -> {
            if (ar.failed()) {
                GatewayError error = ar.cause() instanceof GatewayError g ? g
                        : GatewayError.builder(ErrorKind.INVALID_REQUEST, "could not read the request body").build();
                if (error.kind() == ErrorKind.PAYLOAD_TOO_LARGE && request.version() != HttpVersion.HTTP_2) {
                    response.putHeader("connection", "close"); // HTTP/1.x: the rest of the body is not read
                }
                reject(id, error, response, createdAt, startNanos);
                return;
            }
            ScannedChatRequest scanned;
            try {
                scanned = scanner.scan(ar.result());
            } catch (GatewayError e) {
                reject(id, e, response, createdAt, startNanos);
                return;
            }
            String sessionHeader = request.getHeader("x-session-id");
            if (scanned.routing().sessionKey().isEmpty() && sessionHeader != null && !sessionHeader.isBlank()) {
                scanned = scanned.withSessionKey(sessionHeader.length() > 256 ? sessionHeader.substring(0, 256)
                        : sessionHeader);
            }
            Exchange exchange = new Exchange(id, API, scanned, new OpenAiClientChannel(response, id, scanned.model()),
                    ticker, createdAt);
            try {
                Deadlines narrowed = FrontDoorEndpoint.FrontDoorSettings.requestDeadlines(request, deadlines);
                if (narrowed != deadlines) {
                    exchange.deadlines(narrowed);
                }
            } catch (GatewayError e) {
                reject(id, e, response, createdAt, startNanos);
                return;
            }
            pipeline.execute(exchange);
        });
    }

    private void reject(String id, GatewayError error, HttpServerResponse response, long createdAt, long startNanos) {
        pipeline.reject(id, API, error, new OpenAiClientChannel(response, id, ""), createdAt,
                TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - startNanos));
    }
}
