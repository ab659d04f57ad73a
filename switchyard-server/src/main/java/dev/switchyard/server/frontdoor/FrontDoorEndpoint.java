package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.Ticker;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.pipeline.Deadlines;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Pipeline;
import dev.switchyard.providers.codec.DecodedRequest;
import dev.switchyard.providers.codec.RoutingFields;
import dev.switchyard.server.http.BodyReader;
import dev.switchyard.server.http.HttpClientChannel;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A front door whose requests are decoded fully into the IR ({@code /v1/messages}, {@code /v1/responses},
 * Gemini's {@code generateContent}): it reads the body within its limits, decodes it with the protocol's codec, and
 * runs the exchange through the same pipeline as every other door. Errors at any point reach the client in its own
 * protocol's envelope, through the protocol's {@link HttpClientChannel}.
 */
public final class FrontDoorEndpoint implements Handler<RoutingContext> {

    /** Adjusts a parsed body before decoding (Gemini takes the model and the streaming flag from the URL). */
    @FunctionalInterface
    public interface BodyShaper {
        void shape(RoutingContext ctx, ObjectNode body);

        BodyShaper NONE = (ctx, body) -> {
        };
    }

    private final String api;
    private final FrontDoorCodec codec;
    private final Function<HttpServerResponse, HttpClientChannel> channels;
    private final BodyShaper shaper;
    private final FrontDoorSettings settings;

    /**
     * @param api the ledger's name for this door, e.g. {@code messages}
     * @param codec the protocol
     * @param channels makes the protocol's channel for a response
     * @param shaper adjusts the parsed body before decoding
     * @param settings what every door shares
     */
    public FrontDoorEndpoint(String api, FrontDoorCodec codec, Function<HttpServerResponse, HttpClientChannel> channels,
                             BodyShaper shaper, FrontDoorSettings settings) {
        this.api = api;
        this.codec = codec;
        this.channels = channels;
        this.shaper = shaper;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        Ticker ticker = settings.ticker();
        long startNanos = ticker.nanos();
        long createdAt = settings.clock().epochMillis();
        String id = settings.generationIds().get();
        response.putHeader("x-switchyard-generation-id", id).putHeader("x-generation-id", id);
        BodyReader.read(request, settings.maxBodyBytes()).onComplete(ar -> {
            Exchange exchange;
            try {
                if (ar.failed()) {
                    throw ar.cause() instanceof GatewayError g ? g
                            : GatewayError.builder(ErrorKind.INVALID_REQUEST, "could not read the request body").build();
                }
                Buffer body = ar.result();
                ObjectNode tree = parse(settings.json(), body);
                shaper.shape(ctx, tree);
                ChatRequest ir = codec.decodeRequest(tree);
                String sessionHeader = request.getHeader("x-session-id");
                DecodedRequest decoded = new DecodedRequest(ir, codec, body,
                        RoutingFields.read(tree, ir, sessionHeader == null ? "" : sessionHeader.trim()));
                exchange = new Exchange(id, api, decoded, channels.apply(response), ticker, createdAt);
                Deadlines narrowed = FrontDoorSettings.requestDeadlines(request, settings.deadlines());
                if (narrowed != settings.deadlines()) {
                    exchange.deadlines(narrowed);
                }
            } catch (GatewayError e) {
                if (e.kind() == ErrorKind.PAYLOAD_TOO_LARGE && request.version() != HttpVersion.HTTP_2) {
                    response.putHeader("connection", "close"); // HTTP/1.x: the rest of the body is not read
                }
                settings.pipeline().reject(id, api, e, channels.apply(response), createdAt,
                        TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - startNanos));
                return;
            }
            settings.pipeline().execute(exchange);
        });
    }

    /** The body as a JSON object, within the parser's depth and size limits. */
    public static ObjectNode parse(ObjectMapper json, Buffer body) {
        JsonNode tree;
        try {
            tree = json.readTree(body.getBytes());
        } catch (StreamConstraintsException e) {
            throw GatewayError.invalidRequest("request body exceeds a parsing limit: "
                    + firstLine(e.getOriginalMessage()), "body");
        } catch (JsonProcessingException e) {
            throw GatewayError.invalidRequest("malformed JSON in request body: " + firstLine(e.getOriginalMessage()),
                    "body");
        } catch (IOException e) {
            throw GatewayError.invalidRequest("unreadable request body", "body");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw GatewayError.invalidRequest("the request body must be a JSON object", "body");
        }
        return object;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return s == null ? "" : nl < 0 ? s : s.substring(0, nl);
    }

    /** Settings every front door shares. */
    public record FrontDoorSettings(Pipeline pipeline, ObjectMapper json, long maxBodyBytes, Ticker ticker,
                                    WallClock clock, Deadlines deadlines,
                                    java.util.function.Supplier<String> generationIds) {

        /**
         * The configured deadlines, narrowed by the request's {@code x-switchyard-first-token-timeout-ms} and
         * {@code x-switchyard-total-timeout-ms} headers; the same instance when neither is set.
         *
         * @throws GatewayError a 400 when a header is not a positive number
         */
        public static Deadlines requestDeadlines(HttpServerRequest request, Deadlines configured) {
            long ttft = millisHeader(request, "x-switchyard-first-token-timeout-ms");
            long total = millisHeader(request, "x-switchyard-total-timeout-ms");
            return ttft > 0 || total > 0 ? configured.narrowedTo(ttft, total) : configured;
        }

        private static long millisHeader(HttpServerRequest request, String name) {
            String v = request.getHeader(name);
            if (v == null || v.isBlank()) {
                return 0;
            }
            try {
                long ms = Long.parseLong(v.trim());
                if (ms <= 0) {
                    throw new NumberFormatException();
                }
                return ms;
            } catch (NumberFormatException e) {
                throw GatewayError.invalidRequest("header " + name + " must be a positive number of milliseconds",
                        name);
            }
        }
    }
}
