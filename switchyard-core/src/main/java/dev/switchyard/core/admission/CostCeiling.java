package dev.switchyard.core.admission;

import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.ModelSpec;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.Pricing;
import java.util.List;

/**
 * The most one call can cost, before it is known which endpoint will serve it: the prompt at its largest possible
 * token count, plus the most output it may produce, at the dearest prices among every endpoint the router may try
 * (the primary model's and its fallbacks').
 *
 * <ul>
 *   <li>Prompt tokens: at most one per {@code promptBytesPerToken} bytes of the request body. With the default of 1
 *       this is a true upper bound for byte-level BPE tokenizers (every token is at least one byte), which covers
 *       the models of the catalog; images and provider-side additions (tool preambles) are the known exceptions,
 *       and are what the overspend bound in docs/accounts.md accounts for.</li>
 *   <li>Output tokens: {@code max_tokens} when the request sets it, else the largest maximum output of the
 *       candidate endpoints and models, else {@code defaultMaxOutput}.</li>
 *   <li>Prices: the highest input price (ordinary or cache write), the highest output price and the highest
 *       per-request fee among the candidates.</li>
 * </ul>
 *
 * @param promptTokens the prompt's token ceiling
 * @param outputTokens the output's token ceiling
 * @param promptPicos price per prompt token used
 * @param completionPicos price per output token used
 * @param requestPicos per-request fee used
 */
record CostCeiling(long promptTokens, long outputTokens, long promptPicos, long completionPicos, long requestPicos) {

    static CostCeiling of(Exchange exchange, int promptBytesPerToken, long defaultMaxOutput) {
        long promptTokens = ceilDiv(exchange.request().body().length(), promptBytesPerToken);
        long requested = exchange.request().routing().maxOutputTokens();
        long modelMax = 0;
        long prompt = 0;
        long completion = 0;
        long request = 0;
        List<ModelSpec> models = exchange.models();
        for (ModelSpec m : models) {
            modelMax = Math.max(modelMax, m.maxOutputTokens());
            for (EndpointSpec e : m.endpoints()) {
                Pricing p = e.pricing();
                modelMax = Math.max(modelMax, e.maxOutputTokens());
                prompt = Math.max(prompt, Math.max(p.promptPicos(), p.cacheWritePicos()));
                completion = Math.max(completion, p.completionPicos());
                request = Math.max(request, p.requestPicos());
            }
        }
        long output = requested > 0 ? requested : modelMax > 0 ? modelMax : defaultMaxOutput;
        return new CostCeiling(promptTokens, output, prompt, completion, request);
    }

    /** The ceiling in picodollars. */
    long picos() {
        return Math.addExact(fixedPicos(), Math.multiplyExact(outputTokens, completionPicos));
    }

    /** What the call costs before any output: its prompt ceiling and fee. */
    long fixedPicos() {
        return Math.addExact(Math.multiplyExact(promptTokens, promptPicos), requestPicos);
    }

    /** The largest {@code max_tokens} that fits {@code remainingPicos}, 0 when not even the prompt fits. */
    long maxOutputWithin(long remainingPicos) {
        long left = remainingPicos - fixedPicos();
        if (left <= 0) {
            return 0;
        }
        return completionPicos == 0 ? Long.MAX_VALUE : left / completionPicos;
    }

    /** A sentence for a 402: what this call may cost at most, and why. */
    String explain() {
        return "this request may cost up to $" + Money.toUsd(picos()).toPlainString() + " (a prompt of at most "
                + promptTokens + " tokens and " + outputTokens + " output tokens, at the dearest endpoint's prices)";
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
