package dev.switchyard.core.pipeline;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import io.vertx.core.Future;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline, top to bottom and back: the request ring of {@link Interceptor}s, then the {@link Router};
 * the {@link Answer} comes back up through the same rings and is written to the client at the edge
 * ({@link ClientEdge}). A failure before any answer becomes an error response in the client's format. When the
 * answer has ended, its ending is recorded on the exchange and every {@link ExchangeListener} is told.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final List<Interceptor> requestRing;
    private final Router router;
    private final List<ExchangeListener> listeners;

    public Pipeline(List<Interceptor> requestRing, Router router, List<ExchangeListener> listeners) {
        this.requestRing = List.copyOf(requestRing);
        this.router = Objects.requireNonNull(router, "router");
        this.listeners = List.copyOf(listeners);
    }

    /** Runs the exchange to the end; the future completes when the client has its answer. */
    public Future<Void> execute(Exchange exchange) {
        for (ExchangeListener l : listeners) {
            try {
                l.onStart(exchange);
            } catch (RuntimeException e) {
                LOG.warn("exchange listener {} failed on the start of {}", l.getClass().getSimpleName(),
                        exchange.id(), e);
            }
        }
        Future<Answer> run;
        try {
            run = proceed(0, exchange);
        } catch (RuntimeException e) {
            run = Future.failedFuture(e);
        }
        return run.transform(ar -> {
            exchangeHeaders(exchange);
            if (ar.failed()) {
                reportFailure(exchange, ar.cause());
                complete(exchange);
                return Future.<Void>succeededFuture();
            }
            exchange.servedBy(ar.result().servedBy());
            // the record is made (and the listeners told, the ledger's write-ahead entry among them) before the
            // client's last bytes, so an answer the client has always has its record
            return ClientEdge.deliver(exchange, ar.result(), ending -> {
                record(exchange, ending);
                complete(exchange);
            }).mapEmpty();
        });
    }

    private static void exchangeHeaders(Exchange exchange) {
        ClientChannel client = exchange.client();
        List<String> headers = exchange.headers();
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            client.header(headers.get(i), headers.get(i + 1));
        }
        if (!exchange.failedAttempts().isEmpty()) {
            // every attempt, the serving one last, so the header counts what the ledger and access log count
            String attempts = String.join(", ", exchange.failedAttempts());
            client.header("x-switchyard-attempts", exchange.servedBy()
                    .map(served -> attempts + ", " + served.tag() + " 200").orElse(attempts));
        }
    }

    private static void record(Exchange exchange, Ending ending) {
        exchange.usage(ending.usage());
        exchange.finishReason(ending.finishReason());
        if (ending.failure().isEmpty()) {
            exchange.outcome(200, "");
        } else {
            UpstreamFailure f = ending.failure().get();
            exchange.outcome(f.error().status(), f.errorClass());
        }
    }

    /**
     * Answers a request that never became an exchange (unreadable, too large, invalid) with an error in the client's
     * format, and still tells the listeners, so the ledger and metrics count every request.
     *
     * @param id the generation id already given to the request
     * @param api the front door
     * @param error what was wrong
     * @param client the way back
     * @param createdAtMillis wall-clock start
     * @param latencyMillis time spent on it
     */
    public void reject(String id, String api, GatewayError error, ClientChannel client, long createdAtMillis,
                       long latencyMillis) {
        reject(id, api, "", error, client, createdAtMillis, latencyMillis);
    }

    /**
     * Like {@link #reject(String, String, GatewayError, ClientChannel, long, long)}, for a request that named a model
     * before it was found invalid: the ledger and the access log keep the model it asked for.
     *
     * @param modelRequested the model the request named; empty when it named none
     */
    public void reject(String id, String api, String modelRequested, GatewayError error, ClientChannel client,
                       long createdAtMillis, long latencyMillis) {
        client.fail(error);
        UsageRecord record = new UsageRecord(id, createdAtMillis, api, modelRequested, "", "", "", false,
                error.status(),
                error.kind().typeName(), "", Usage.NONE, Cost.ZERO, latencyMillis, -1, List.of(),
                Dimensions.NONE);
        notifyComplete(record);
    }

    private Future<Answer> proceed(int index, Exchange exchange) {
        if (index == requestRing.size()) {
            return router.route(exchange);
        }
        return requestRing.get(index).intercept(exchange, next -> proceed(index + 1, next));
    }

    private static void reportFailure(Exchange exchange, Throwable cause) {
        GatewayError error;
        String errorClass;
        if (cause instanceof UpstreamFailure f) {
            error = f.error();
            errorClass = f.errorClass();
        } else if (cause instanceof GatewayError g) {
            error = g;
            errorClass = g.kind().typeName();
        } else {
            LOG.error("unexpected failure in exchange {}", exchange.id(), cause);
            error = GatewayError.builder(ErrorKind.SERVER, "internal error in the gateway (generation "
                    + exchange.id() + ")").build();
            errorClass = "internal";
        }
        exchange.outcome(error.status(), errorClass);
        ClientChannel client = exchange.client();
        if (client.closed()) {
            return;
        }
        client.fail(error);
    }

    private void complete(Exchange exchange) {
        notifyComplete(exchange.toRecord());
    }

    private void notifyComplete(UsageRecord record) {
        for (ExchangeListener l : listeners) {
            try {
                l.onComplete(record);
            } catch (RuntimeException e) {
                LOG.warn("exchange listener {} failed on {}", l.getClass().getSimpleName(), record.id(), e);
            }
        }
    }
}
