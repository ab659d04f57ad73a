package dev.switchyard.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.GatewayError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The limit options keys and workspaces share, turned into the management API's JSON fields so that the CLI and the
 * API validate through the same code. Only options given are set, so the same options serve create and update.
 */
final class LimitOptions {

    @Option(names = "--limit", paramLabel = "USD", description = "credit per period in USD; 'none' for no limit")
    String limit;

    @Option(names = "--limit-reset", paramLabel = "PERIOD", description = "daily, weekly, monthly or none")
    String limitReset;

    @Option(names = "--rpm", paramLabel = "N", description = "requests per minute (0 for no limit)")
    Long rpm;

    @Option(names = "--tpm", paramLabel = "N", description = "tokens per minute (0 for no limit)")
    Long tpm;

    @Option(names = "--concurrency", paramLabel = "N", description = "requests in flight at once (0 for no limit)")
    Long concurrency;

    @Option(names = "--allow-model", paramLabel = "MODEL", description = "a model it may use (repeat; replaces the list)")
    List<String> allowModels;

    @Option(names = "--allow-provider", paramLabel = "PROVIDER",
            description = "a provider it may use (repeat; replaces the list)")
    List<String> allowProviders;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "a label (repeat; replaces them all)")
    Map<String, String> metadata;

    /** Sets the fields given on {@code body}. */
    void applyTo(ObjectNode body) {
        if (limit != null) {
            if (limit.equalsIgnoreCase("none")) {
                body.putNull("limit");
            } else {
                try {
                    body.put("limit", new BigDecimal(limit.strip()));
                } catch (NumberFormatException e) {
                    throw GatewayError.invalidRequest("--limit " + limit + " must be USD, e.g. 25 or 2.50, or none",
                            "limit");
                }
            }
        }
        if (limitReset != null) {
            if (limitReset.equalsIgnoreCase("none")) {
                body.putNull("limit_reset");
            } else {
                body.put("limit_reset", limitReset);
            }
        }
        if (rpm != null || tpm != null || concurrency != null) {
            ObjectNode rates = body.putObject("rate_limits");
            if (rpm != null) {
                rates.put("requests_per_minute", rpm);
            }
            if (tpm != null) {
                rates.put("tokens_per_minute", tpm);
            }
            if (concurrency != null) {
                rates.put("max_concurrent", concurrency);
            }
        }
        if (allowModels != null) {
            allowModels.forEach(body.putArray("allowed_models")::add);
        }
        if (allowProviders != null) {
            allowProviders.forEach(body.putArray("allowed_providers")::add);
        }
        if (metadata != null) {
            ObjectNode m = body.putObject("metadata");
            metadata.forEach(m::put);
        }
    }
}
