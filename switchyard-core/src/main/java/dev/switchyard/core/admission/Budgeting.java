package dev.switchyard.core.admission;

import dev.switchyard.core.CallerContext;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.BudgetDecision;
import dev.switchyard.core.accounts.BudgetLedger;
import dev.switchyard.core.accounts.BudgetLedger.ScopedBudget;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.answer.DeltaSink;
import dev.switchyard.core.answer.DeltaStream;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Interceptor;
import dev.switchyard.core.usage.Cost;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.Usage;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Budgets: reserve, then settle.
 *
 * <p>Before the call, the stage reserves the most it can cost ({@link CostCeiling}) on the key's and the workspace's
 * budgets at once; if either has less left, the request gets 402 saying how much is left and how far to lower
 * {@code max_tokens}. The router's retries and fallbacks all happen inside this one reservation, so a call is
 * charged once, for what was served.
 *
 * <p>While a stream flows, the stage counts the output delivered. If the running cost (the prompt's ceiling, the
 * fee, and the output so far at the dearest output price) outgrows the reservation (a provider that ignored
 * {@code max_tokens}, or a prompt dearer than its ceiling), the reservation is extended; when the budget cannot
 * cover the extension, the delta that would cross it is withheld, the provider call is cancelled, and the stream ends
 * with an in-band error in the client's format.
 *
 * <p>When the answer ends, the real cost is settled and the rest of the reservation released: the provider's usage
 * at the serving endpoint's prices, or, when the answer broke off before the provider counted (a cut, a client that
 * left, a provider that failed mid-stream), what was delivered: the prompt estimate and the output tokens counted
 * ({@link dev.switchyard.core.usage.TokenEstimate}, the same count the provider call bills an early end by), marked as
 * estimated.
 * A call that fails before any answer settles at zero. Settling happens exactly once per reservation.
 */
public final class Budgeting implements Interceptor {

    private final BudgetLedger ledger;
    private final WallClock clock;
    private final int promptBytesPerToken;
    private final long defaultMaxOutput;

    /**
     * @param ledger where credit is held
     * @param clock the wall clock that places spend in its period
     * @param promptBytesPerToken request-body bytes per prompt token in the ceiling (1 is an upper bound)
     * @param defaultMaxOutput the output ceiling when neither the request nor the catalog says
     */
    public Budgeting(BudgetLedger ledger, WallClock clock, int promptBytesPerToken, long defaultMaxOutput) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (promptBytesPerToken < 1 || defaultMaxOutput < 1) {
            throw new IllegalArgumentException("budgets: prompt_bytes_per_token " + promptBytesPerToken
                    + ", default_max_output " + defaultMaxOutput + " (expected: >= 1)");
        }
        this.promptBytesPerToken = promptBytesPerToken;
        this.defaultMaxOutput = defaultMaxOutput;
    }

    @Override
    public Future<Answer> intercept(Exchange exchange, Chain chain) {
        Optional<Caller> caller = exchange.caller();
        if (caller.isEmpty()) {
            return chain.proceed(exchange);
        }
        List<ScopedBudget> scopes = scopes(caller.get());
        if (scopes.isEmpty()) {
            return chain.proceed(exchange);
        }
        CostCeiling ceiling = CostCeiling.of(exchange, promptBytesPerToken, defaultMaxOutput);
        return Holding.onceDecided(ledger.reserve(scopes, ceiling.picos(), clock.epochMillis()),
                decision -> proceed(decision, ceiling, exchange, chain),
                cause -> Holding.unavailable(cause, "budgets", "budgets_unavailable"));
    }

    private Future<Answer> proceed(BudgetDecision decision, CostCeiling ceiling, Exchange exchange, Chain chain) {
        if (decision instanceof BudgetDecision.Refused refused) {
            return Future.failedFuture(insufficient(refused, ceiling));
        }
        BudgetDecision.Reserved reserved = (BudgetDecision.Reserved) decision;
        return Holding.proceed(chain, exchange, () -> ledger.settle(reserved, 0, clock.epochMillis()),
                answer -> answer.through((down, up) -> new Meter(exchange, answer, reserved, ceiling, down, up)));
    }

    private static List<ScopedBudget> scopes(Caller caller) {
        List<ScopedBudget> scopes = new ArrayList<>(2);
        caller.key().budget().ifPresent(b -> scopes.add(new ScopedBudget(Scope.key(caller.key().hash()), b)));
        caller.workspace().budget().ifPresent(b -> scopes.add(
                new ScopedBudget(Scope.workspace(caller.workspace().id()), b)));
        return scopes;
    }

    private static GatewayError insufficient(BudgetDecision.Refused refused, CostCeiling ceiling) {
        String whose = refused.scope().kind() == Scope.Kind.KEY ? "this key" : "workspace " + refused.scope().id();
        long fits = ceiling.maxOutputWithin(refused.remainingPicos());
        String advice = fits > 0 ? "Set max_tokens to at most " + fits + " to fit, or ask for a higher limit."
                : "Even the prompt does not fit; shorten it, or ask for a higher limit.";
        String reset = refused.resetAtMillis() == Long.MAX_VALUE ? "it does not reset"
                : "it resets at " + Instant.ofEpochMilli(refused.resetAtMillis());
        return GatewayError.builder(ErrorKind.INSUFFICIENT_CREDIT, "insufficient credit: " + whose + " has $"
                + Money.toUsd(refused.remainingPicos()).toPlainString() + " left (" + reset + "), and "
                + ceiling.explain() + ". " + advice).code("insufficient_credits")
                .metadata("remaining_usd", Money.toUsd(refused.remainingPicos()).toPlainString())
                .metadata("max_tokens_that_fit", fits).build();
    }

    /**
     * Counts the output of one answer on its way up, cuts it at the credit, and settles when it ends. An extension
     * that a shared ledger answers later pauses the provider and holds what arrives meanwhile, in order, until the
     * answer comes back on this request's thread; so nothing passes the budget unpaid, and nothing is reordered.
     */
    private final class Meter implements DeltaSink {
        private final Exchange exchange;
        private final Answer answer;
        private final CostCeiling ceiling;
        private final DeltaSink down;
        private final DeltaStream up;
        private final BudgetDecision.Reserved reservation;
        private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
        private long held;
        private long delivered;
        private boolean cut;
        private boolean extending;

        Meter(Exchange exchange, Answer answer, BudgetDecision.Reserved reservation, CostCeiling ceiling,
              DeltaSink down, DeltaStream up) {
            this.exchange = exchange;
            this.answer = answer;
            this.reservation = reservation;
            this.ceiling = ceiling;
            this.down = down;
            this.up = up;
            this.held = reservation.picos();
        }

        @Override
        public void onDelta(Delta delta) {
            if (cut) {
                return;
            }
            if (extending) {
                waiting.add(delta);
                return;
            }
            if (!delta.whole()) {
                long running = ceiling.fixedPicos() + (delivered + delta.outputTokens()) * ceiling.completionPicos();
                if (running > held) {
                    Future<Long> granted = extend(running);
                    if (granted.isComplete()) {
                        if (!extended(granted.succeeded() ? granted.result() : 0L)) {
                            return;
                        }
                    } else {
                        extending = true;
                        waiting.add(delta);
                        up.pause();
                        CallerContext.resume(granted).onComplete(ar -> {
                            extending = false;
                            boolean more = extended(ar.succeeded() ? ar.result() : 0L);
                            drain();
                            if (more && !extending && !cut) {
                                up.resume();
                            }
                        });
                        return;
                    }
                }
            }
            delivered += delta.outputTokens();
            down.onDelta(delta);
        }

        /** Whether the extension was granted; if not, cuts the answer at the credit (an ending still comes). */
        private boolean extended(long more) {
            if (more > 0) {
                held += more;
                return true;
            }
            cut = true;
            waiting.removeIf(Delta.class::isInstance);
            up.cancel(new UpstreamFailure(GatewayError.builder(ErrorKind.INSUFFICIENT_CREDIT,
                    "budget exhausted: the answer was stopped at the caller's remaining credit after "
                            + delivered + " output tokens").code("budget_exhausted").build(),
                    "budget_exhausted", false, 0));
            return false;
        }

        /** Passes on what arrived while an extension was pending, until another one is needed. */
        private void drain() {
            while (!extending && !waiting.isEmpty()) {
                Object next = waiting.poll();
                if (next instanceof Delta d) {
                    onDelta(d);
                } else {
                    onEnd((Ending) next);
                }
            }
        }

        /** Asks for at least what the running cost needs (the reservation again, if more), else exactly that. */
        private Future<Long> extend(long running) {
            long more = Math.max(running - held, reservation.picos());
            long exact = running - held;
            return ledger.extend(reservation, more, clock.epochMillis()).compose(ok -> {
                if (ok) {
                    return Future.succeededFuture(more);
                }
                if (exact < more) {
                    return ledger.extend(reservation, exact, clock.epochMillis()).map(ok2 -> ok2 ? exact : 0L);
                }
                return Future.succeededFuture(0L);
            });
        }

        @Override
        public void onEnd(Ending ending) {
            if (extending) {
                waiting.add(ending);
                return;
            }
            Ending billed = ending;
            if (!ending.succeeded()) {
                Usage u = Usage.delivered(ending.usage(), delivered,
                        exchange.request().routing().promptTokenEstimate());
                if (u.estimated() && u.completionTokens() > delivered) {
                    // the provider's call also counted the delta this stage withheld at the cut: bill what passed
                    u = new Usage(u.promptTokens(), delivered, u.cachedTokens(), u.cacheWriteTokens(),
                            Math.min(u.reasoningTokens(), delivered), true);
                }
                billed = ending.withUsage(u);
            }
            long actual = Cost.of(billed.usage(), answer.servedBy().pricing()).totalPicos();
            ledger.settle(reservation, actual, clock.epochMillis());
            down.onEnd(billed);
        }
    }

}
