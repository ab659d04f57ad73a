package dev.switchyard.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.util.List;
import java.util.Objects;

/**
 * The readiness probe's verdict: ready unless the gateway is draining or a dependency it needs is down. Each
 * dependency is one {@link Check}: the ledger's write queue, and Redis when replicas share limits and budgets
 * through it. A check must answer at once from state it already has
 * (the probe runs on an event loop): a dependency that needs a round trip keeps its last result and refreshes it in
 * the background.
 */
final class Readiness {

    /** One dependency's state. */
    record Status(boolean up, String detail) {
        Status {
            Objects.requireNonNull(detail, "detail");
        }

        static Status up(String detail) {
            return new Status(true, detail);
        }

        static Status down(String detail) {
            return new Status(false, detail);
        }
    }

    /** One dependency the gateway needs to serve. */
    interface Check {
        String name();

        Status status();

        /**
         * Whether this dependency being down makes the replica not ready. A dependency shared by every replica (Redis)
         * is reported but not critical: all replicas would leave the load balancer together, and the outage policy
         * already says what requests get meanwhile.
         */
        default boolean critical() {
            return true;
        }

        /** A check named {@code name} whose state {@code status} reads and whose criticality {@code critical} says. */
        static Check of(String name, java.util.function.BooleanSupplier critical,
                        java.util.function.Supplier<Status> status) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(critical, "critical");
            Objects.requireNonNull(status, "status");
            return new Check() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Status status() {
                    return status.get();
                }

                @Override
                public boolean critical() {
                    return critical.getAsBoolean();
                }
            };
        }
    }

    private final Lifecycle lifecycle;
    private final List<Check> checks;

    Readiness(Lifecycle lifecycle, List<Check> checks) {
        this.lifecycle = lifecycle;
        this.checks = List.copyOf(checks);
    }

    /** The verdict and the body: {@code {"status":"ready"|"draining"|"not_ready","checks":{name:{...}}}}. */
    Verdict verdict() {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode each = Json.mapper().createObjectNode();
        boolean allUp = true;
        for (Check c : checks) {
            Status s = c.status();
            allUp &= s.up() || !c.critical();
            each.putObject(c.name()).put("status", s.up() ? "up" : "down").put("detail", s.detail());
        }
        boolean draining = lifecycle.isDraining();
        body.put("status", draining ? "draining" : allUp ? "ready" : "not_ready");
        body.set("checks", each);
        return new Verdict(!draining && allUp, body.toString());
    }

    /** Whether to take traffic (200) or not (503), and why. */
    record Verdict(boolean ready, String body) {
    }
}
