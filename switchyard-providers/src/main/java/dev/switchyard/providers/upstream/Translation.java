package dev.switchyard.providers.upstream;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.catalog.ProviderSpec;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.ProviderCodec;
import dev.switchyard.core.ir.UpstreamRequest;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.error.UpstreamFailure;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * One attempt through the IR: the client's request decoded, encoded for the provider's protocol, sent, and the
 * answer translated back as it arrives.
 *
 * <p>Parameters the provider cannot honour are dropped and named in {@code x-switchyard-dropped-params}; when the
 * request set {@code provider.require_parameters}, the attempt is refused instead, so the router tries an endpoint
 * that can, and answers 400 when none can. Nothing is ever sent silently wrong.
 */
public final class Translation {

    private Translation() {
    }

    public static Future<Answer> call(UpstreamClient client, ProviderCodec codec, Exchange exchange, Attempt attempt) {
        ProviderSpec provider = attempt.provider();
        ChatRequest request;
        UpstreamRequest encoded;
        try {
            request = exchange.ir();
            encoded = codec.encodeRequest(request, attempt.endpoint().upstreamModel(), provider);
        } catch (GatewayError e) {
            return Future.failedFuture(new UpstreamFailure(e, "invalid_request", false, 0));
        }
        if (!encoded.dropped().isEmpty() && exchange.request().routing().preferences().requireParameters()) {
            return Future.failedFuture(UpstreamFailure.declined(GatewayError.builder(ErrorKind.INVALID_REQUEST,
                    "provider " + provider.id() + " cannot honour " + String.join(", ", encoded.dropped())
                            + " and the request sets provider.require_parameters")
                    .param(encoded.dropped().get(0)).build(), "unsupported_parameters"));
        }
        Map<String, String> headers = new HashMap<>(encoded.headers());
        headers.putAll(exchange.upstreamHeaders()); // tracing's traceparent, when on
        TranslatingRelay relay = new TranslatingRelay(client.json, codec);
        UpstreamCallSpec spec = new UpstreamCallSpec(provider.baseUrl() + encoded.path(), encoded.body(), headers,
                request.stream(), encoded.dropped());
        return new UpstreamCall(client, exchange, attempt, spec, relay).start();
    }
}
