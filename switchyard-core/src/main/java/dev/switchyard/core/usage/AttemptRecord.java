package dev.switchyard.core.usage;

import java.util.Objects;

/**
 * One try at one endpoint within a generation. A generation that fell back has several.
 *
 * @param providerId the provider tried
 * @param upstreamModel the model name sent upstream
 * @param status the upstream HTTP status, or 0 when no response arrived
 * @param errorClass empty on success, else a short class such as {@code connect}, {@code timeout}, {@code http_500}
 * @param durationMillis wall time of the attempt
 */
public record AttemptRecord(String providerId, String upstreamModel, int status, String errorClass,
                            long durationMillis) {

    public AttemptRecord {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(errorClass, "errorClass");
    }
}
