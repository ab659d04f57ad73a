package dev.switchyard.core.pipeline;

import io.vertx.core.Future;

/**
 * Speaks one provider wire protocol. It sends the exchange's request to the attempt's endpoint and delivers the
 * response to the exchange's {@link ClientChannel}, recording usage, timing and finish reason on the exchange.
 *
 * <p>The returned future succeeds when the response has been fully delivered, and fails with an
 * {@link UpstreamFailure}. A failure after the response was committed must already have been reported in-band.
 */
public interface ProviderAdapter {

    Future<Void> execute(Exchange exchange, Attempt attempt);
}
