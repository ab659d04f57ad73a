package dev.switchyard.server.observe;

import dev.switchyard.core.pipeline.ExchangeListener;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request on the {@code switchyard.access} logger. It holds ids, models, status, timings,
 * tokens and cost; never headers, keys or message content.
 */
public final class AccessLogListener implements ExchangeListener {

    private static final Logger LOG = LoggerFactory.getLogger("switchyard.access");

    @Override
    public void onComplete(UsageRecord r) {
        if (LOG.isInfoEnabled()) {
            LOG.info("gen={} api={} model={} served={} provider={} status={} error={} stream={} latency_ms={} "
                            + "ttft_ms={} prompt={} completion={} cached={} cost_usd={} attempts={}",
                    r.id(), r.api(), quote(r.modelRequested()), r.modelServed(), r.providerId(), r.status(),
                    r.errorClass().isEmpty() ? "-" : r.errorClass(), r.streamed(), r.latencyMillis(), r.ttftMillis(),
                    r.usage().promptTokens(), r.usage().completionTokens(), r.usage().cachedTokens(),
                    Money.toUsd(r.cost().totalPicos()).toPlainString(), r.attempts().size());
        }
    }

    /** The client's model string, quoted and cut short, so a hostile value cannot forge log fields. */
    private static String quote(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) : s;
        return '"' + cut.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "'") + '"';
    }
}
