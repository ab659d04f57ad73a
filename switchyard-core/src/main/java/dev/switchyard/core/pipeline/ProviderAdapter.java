package dev.switchyard.core.pipeline;

import dev.switchyard.core.answer.Answer;
import io.vertx.core.Future;

/**
 * Speaks one provider wire protocol: sends the exchange's request to the attempt's endpoint and produces its
 * {@link Answer}. It never writes to the client.
 *
 * <p>The returned future completes with the answer once content begins (or, not streamed, once the whole body has
 * arrived), and fails with an {@link dev.switchyard.core.error.UpstreamFailure} before then, so the router may still
 * try another endpoint. Anything that goes wrong after is reported in the answer's ending.
 */
public interface ProviderAdapter {

    Future<Answer> execute(Exchange exchange, Attempt attempt);
}
