package dev.switchyard.core.usage;

import java.util.List;
import java.util.Objects;

/**
 * The ledger line of one request: what was asked, what served it, what it used and cost, how long it took and how it
 * ended. Written once per request, whether it succeeded, failed or was cancelled; idempotent by {@code id}.
 *
 * @param id generation id, {@code gen-…}
 * @param createdAtMillis wall-clock start, epoch milliseconds
 * @param api the front door, e.g. {@code chat.completions}
 * @param modelRequested the model string the client sent
 * @param modelServed the catalog id that served it, empty when none did
 * @param providerId the provider that served it, empty when none did
 * @param upstreamModel the provider's own model name, empty when none served
 * @param streamed whether the client asked for a stream
 * @param status the HTTP status the client received (499 when the client went away)
 * @param errorClass empty on success
 * @param finishReason the normalised finish reason, empty when unknown
 * @param usage the tokens counted
 * @param cost the cost of those tokens at the serving endpoint's prices
 * @param latencyMillis total time from request to the last byte
 * @param ttftMillis time to the first byte of content, -1 when none arrived
 * @param attempts every try, in order
 * @param dimensions who asked and what for: key, workspace, app, end user, vendor, origin
 */
public record UsageRecord(String id, long createdAtMillis, String api, String modelRequested, String modelServed,
                          String providerId, String upstreamModel, boolean streamed, int status, String errorClass,
                          String finishReason, Usage usage, Cost cost, long latencyMillis, long ttftMillis,
                          List<AttemptRecord> attempts, Dimensions dimensions) {

    public UsageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(modelRequested, "modelRequested");
        Objects.requireNonNull(modelServed, "modelServed");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cost, "cost");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(dimensions, "dimensions");
    }
}
