package dev.switchyard.server.observe.otel;

import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One trace per request, following the OpenTelemetry GenAI semantic conventions: a SERVER span for the request
 * (named {@code {operation} {requested model}}) with one CLIENT child span per attempt at a provider.
 *
 * <p>The request span starts when the exchange enters the pipeline, as a child of the client's W3C
 * {@code traceparent} when it sent one, and its context is what every attempt sends upstream as {@code traceparent},
 * so a provider that traces joins the same trace. Everything else is known only at the end: the served model, the
 * tokens, the finish reason and the attempts come from the final usage record. Attempt spans are laid out from that
 * record, each ending where the next begins and the last ending with the request (the record keeps each attempt's
 * duration, not its start), so their durations are exact and their placement within the request approximate.
 *
 * <p>Attributes: {@code gen_ai.operation.name}, {@code gen_ai.provider.name} (and the older {@code gen_ai.system}),
 * {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code gen_ai.response.id},
 * {@code gen_ai.response.finish_reasons}, {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens},
 * {@code http.response.status_code}, {@code error.type}, and {@code switchyard.*} for the gateway's own (attempt
 * count, cost, stream). Never message content, keys or headers.
 */
public final class TracingListener implements ExchangeListener {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final Map<String, Span> open = new ConcurrentHashMap<>();

    public TracingListener(Tracing tracing) {
        this.tracer = tracing.openTelemetry().getTracer("dev.switchyard.gateway");
    }

    @Override
    public void onStart(Exchange exchange) {
        Context parent = exchange.traceContext().isEmpty() ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), exchange.traceContext(), GETTER);
        String operation = operation(exchange.api());
        Span span = tracer.spanBuilder(operation + " " + exchange.request().model()).setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(exchange.createdAtMillis(), TimeUnit.MILLISECONDS)
                .setAttribute(OPERATION, operation)
                .setAttribute(REQUEST_MODEL, exchange.request().model())
                .startSpan();
        open.put(exchange.id(), span);
        SpanContext c = span.getSpanContext();
        if (c.isValid()) {
            exchange.upstreamHeader("traceparent", "00-" + c.getTraceId() + "-" + c.getSpanId() + "-"
                    + c.getTraceFlags().asHex());
            String state = exchange.traceContext().get("tracestate");
            if (state != null) {
                exchange.upstreamHeader("tracestate", state);
            }
        }
    }

    @Override
    public void onComplete(UsageRecord r) {
        Span span = open.remove(r.id());
        String operation = operation(r.api());
        if (span == null) { // refused before it became an exchange: a span of its own
            span = tracer.spanBuilder(operation + (r.modelRequested().isEmpty() ? "" : " " + r.modelRequested()))
                    .setSpanKind(SpanKind.SERVER).setStartTimestamp(r.createdAtMillis(), TimeUnit.MILLISECONDS)
                    .setAttribute(OPERATION, operation).setAttribute(REQUEST_MODEL, r.modelRequested())
                    .startSpan();
        }
        long endMillis = r.createdAtMillis() + Math.max(0, r.latencyMillis());
        span.setAttribute(RESPONSE_ID, r.id())
                .setAttribute(HTTP_STATUS, (long) r.status())
                .setAttribute("switchyard.attempts", (long) r.attempts().size())
                .setAttribute("switchyard.stream", r.streamed())
                .setAttribute("switchyard.cost_usd", Money.toUsd(r.cost().totalPicos()).toPlainString());
        if (!r.providerId().isEmpty()) {
            span.setAttribute(PROVIDER, r.providerId()).setAttribute(SYSTEM, r.providerId())
                    .setAttribute(RESPONSE_MODEL, r.upstreamModel().isEmpty() ? r.modelServed() : r.upstreamModel())
                    .setAttribute(INPUT_TOKENS, r.usage().promptTokens())
                    .setAttribute(OUTPUT_TOKENS, r.usage().completionTokens());
        }
        if (!r.finishReason().isEmpty()) {
            span.setAttribute(FINISH_REASONS, List.of(r.finishReason()));
        }
        if (!r.errorClass().isEmpty()) {
            span.setAttribute(ERROR_TYPE, r.errorClass());
        }
        if (r.status() >= 500) { // a server span is in error on 5xx only; 4xx are the client's
            span.setStatus(StatusCode.ERROR, r.errorClass());
        }
        attempts(span, r, operation, endMillis);
        span.end(endMillis, TimeUnit.MILLISECONDS);
    }

    /** One CLIENT span per attempt, laid out backwards from the end of the request. */
    private void attempts(Span parent, UsageRecord r, String operation, long endMillis) {
        List<AttemptRecord> attempts = r.attempts();
        Context context = Context.root().with(parent);
        long end = endMillis;
        for (int i = attempts.size() - 1; i >= 0; i--) {
            AttemptRecord a = attempts.get(i);
            long start = Math.max(r.createdAtMillis(), end - a.durationMillis());
            Span s = tracer.spanBuilder(operation + " " + a.upstreamModel()).setParent(context)
                    .setSpanKind(SpanKind.CLIENT).setStartTimestamp(start, TimeUnit.MILLISECONDS)
                    .setAttribute(OPERATION, operation)
                    .setAttribute(PROVIDER, a.providerId()).setAttribute(SYSTEM, a.providerId())
                    .setAttribute(REQUEST_MODEL, a.upstreamModel())
                    .setAttribute("switchyard.attempt", (long) (i + 1))
                    .startSpan();
            if (a.status() > 0) {
                s.setAttribute(HTTP_STATUS, (long) a.status());
            }
            if (!a.errorClass().isEmpty()) {
                s.setAttribute(ERROR_TYPE, a.errorClass()).setStatus(StatusCode.ERROR, a.errorClass());
            } else if (i == attempts.size() - 1 && !r.providerId().isEmpty()) {
                s.setAttribute(RESPONSE_MODEL, a.upstreamModel())
                        .setAttribute(INPUT_TOKENS, r.usage().promptTokens())
                        .setAttribute(OUTPUT_TOKENS, r.usage().completionTokens());
                if (!r.finishReason().isEmpty()) {
                    s.setAttribute(FINISH_REASONS, List.of(r.finishReason()));
                }
            }
            s.end(end, TimeUnit.MILLISECONDS);
            end = start;
        }
    }

    /** The GenAI operation for a front door. */
    static String operation(String api) {
        return switch (api) {
            case "embeddings" -> "embeddings";
            default -> "chat";
        };
    }
}
