package dev.switchyard.server.observe;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.pipeline.Attempt;
import dev.switchyard.core.pipeline.AttemptInterceptor;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.usage.AttemptRecord;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Dimensions;
import dev.switchyard.core.usage.Usage;
import dev.switchyard.core.usage.UsageRecord;
import dev.switchyard.core.usage.journal.JournaledLedger;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * The innermost stage of the attempt ring: before an exchange's first attempt goes to its provider, journals that it
 * did ({@link JournaledLedger#started}), with the record to keep if the gateway stops before the request finishes.
 * The append is a copy into a memory-mapped file, so it is in the page cache before a byte leaves for the provider:
 * every request a provider saw has a journal entry, even after {@code kill -9}.
 */
public final class JournalStart implements AttemptInterceptor {

    private final JournaledLedger ledger;

    public JournalStart(JournaledLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public Future<Answer> intercept(Exchange exchange, Attempt attempt, Chain chain) {
        if (attempt.number() == 1) {
            ledger.started(dispatched(exchange, attempt));
        }
        return chain.proceed(exchange, attempt);
    }

    /** The request as it leaves for its first provider: no tokens, no status yet. */
    static UsageRecord dispatched(Exchange exchange, Attempt attempt) {
        EndpointSpec endpoint = attempt.endpoint();
        Dimensions dims = exchange.dimensions();
        for (ModelSpec m : exchange.models()) {
            if (m.id().equals(endpoint.modelId())) {
                dims = dims.withModel(m.vendor(), m.origin());
                break;
            }
        }
        return new UsageRecord(exchange.id(), exchange.createdAtMillis(), exchange.api(), exchange.request().model(),
                endpoint.modelId(), attempt.provider().id(), endpoint.upstreamModel(), exchange.request().stream(), 0,
                "", "", Usage.NONE, Cost.ZERO, 0, -1,
                List.of(new AttemptRecord(attempt.provider().id(), endpoint.upstreamModel(), 0, "", 0)), dims);
    }
}
