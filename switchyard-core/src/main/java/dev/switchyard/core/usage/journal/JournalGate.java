package dev.switchyard.core.usage.journal;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Interceptor;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The first stage of the request ring when the ledger goes through the journal: while the journal is
 * {@linkplain LedgerJournal#full() full} and the policy is {@link WhenFull#REFUSE_REQUESTS}, a new request is refused
 * with 503 ({@code ledger_unavailable}, in the door's own error format) before it costs anything, and served again
 * as soon as the drain has made room. Requests already past this stage finish, into the journal's last segment.
 * The check is one volatile read.
 */
public final class JournalGate implements Interceptor {

    private final LedgerJournal journal;
    private final LongAdder refused = new LongAdder();

    public JournalGate(LedgerJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    @Override
    public Future<Answer> intercept(Exchange exchange, Chain chain) {
        if (journal.full() && journal.whenFull() == WhenFull.REFUSE_REQUESTS) {
            refused.increment();
            return Future.failedFuture(GatewayError.builder(ErrorKind.UNAVAILABLE, "the usage ledger cannot record"
                    + " new requests right now: its spool is full while the usage store is unreachable; retry"
                    + " shortly").code("ledger_unavailable").build());
        }
        return chain.proceed(exchange);
    }

    /** Requests refused since start because the journal was full. */
    public long refusedRequests() {
        return refused.sum();
    }
}
