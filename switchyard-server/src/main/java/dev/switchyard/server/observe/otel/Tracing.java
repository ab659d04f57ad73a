package dev.switchyard.server.observe.otel;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OpenTelemetry for the gateway, configured the standard way, by the {@code OTEL_*} environment variables
 * ({@code OTEL_TRACES_EXPORTER}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_HEADERS}, {@code OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES},
 * {@code OTEL_TRACES_SAMPLER}, ...), read through the SDK's own autoconfiguration.
 *
 * <p>Off unless {@code OTEL_TRACES_EXPORTER} names an exporter (for example {@code otlp}): unlike the SDK's default,
 * a gateway nobody asked to trace sends nothing anywhere. Off, no SDK object exists and no listener is registered, so
 * tracing costs nothing on the request path. Metrics and logs are not exported through OpenTelemetry (Prometheus
 * serves metrics, see docs/observability.md); the OTLP protocol defaults to {@code http/protobuf}.
 */
public final class Tracing implements AutoCloseable {

    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /**
     * Tracing as {@code env} configures it, or empty when it asks for none.
     *
     * @throws IllegalArgumentException when an {@code OTEL_*} setting is invalid
     */
    public static Optional<Tracing> fromEnv(Map<String, String> env) {
        String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "").trim().toLowerCase(Locale.ROOT);
        boolean disabled = "true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").trim());
        if (exporter.isEmpty() || exporter.equals("none") || disabled) {
            return Optional.empty();
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("otel.service.name", "switchyard");
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        properties.put("otel.exporter.otlp.protocol", "http/protobuf");
        env.forEach((k, v) -> {
            if (k.startsWith("OTEL_")) {
                properties.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> properties)
                    .disableShutdownHook() // the gateway flushes spans when it closes, after draining
                    .build().getOpenTelemetrySdk();
            return Optional.of(new Tracing(sdk));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("OpenTelemetry: " + e.getMessage(), e);
        }
    }

    /** The configured OpenTelemetry. */
    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** Exports the spans still buffered and stops the exporter. */
    @Override
    public void close() {
        sdk.getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
        sdk.close();
    }
}
