package dev.switchyard.server.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.LatencyBuckets;
import dev.switchyard.core.usage.LatencyMetric;
import dev.switchyard.core.usage.LatencyQueries;
import dev.switchyard.core.usage.LatencyRow;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.core.usage.UsageTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code GET /api/v1/admin/overview}: a window's requests, tokens, cost, error rate and latency and TTFT percentiles,
 * per time bucket (every bucket present, zero when idle) and in total, with the models that used the most tokens.
 * Four rollup reads: sums per bucket, sums per model, histograms per bucket, histograms per model. Percentiles are
 * read from the latency histograms ({@link LatencyBuckets}): the bound of the bucket holding the percentile.
 */
final class OverviewReport {

    /** How many models the top-models table lists. */
    static final int TOP_MODELS = 10;

    private OverviewReport() {
    }

    static ObjectNode build(Window w, long now, UsageQueries usage, LatencyQueries latency) {
        long from = w.from(now);
        long to = w.to(now);
        List<UsageRow> perBucket = usage.usage(UsageQuery.of(from, to, w.bucket));
        List<UsageRow> perModel = usage.usage(UsageQuery.of(from, to, Bucket.NONE)
                .groupedBy(UsageDimension.MODEL, UsageDimension.VENDOR));
        List<LatencyRow> latencyPerBucket = latency.latency(from, to, w.bucket, false);
        List<LatencyRow> latencyPerModel = latency.latency(from, to, Bucket.NONE, true);

        ObjectNode root = Json.mapper().createObjectNode();
        root.put("window", w.name);
        root.put("from", Instant.ofEpochMilli(from).toString());
        root.put("to", Instant.ofEpochMilli(to).toString());
        root.put("bucket", w.bucket.name().toLowerCase(java.util.Locale.ROOT));

        Map<Long, UsageTotals> sums = new HashMap<>();
        UsageTotals total = UsageTotals.ZERO;
        for (UsageRow r : perBucket) {
            sums.put(r.bucketStartMillis(), r.totals());
            total = total.plus(r.totals());
        }
        Map<Long, Map<LatencyMetric, long[]>> hist = new HashMap<>();
        Map<LatencyMetric, long[]> allHist = new HashMap<>();
        for (LatencyRow r : latencyPerBucket) {
            hist.computeIfAbsent(r.bucketStartMillis(), k -> new HashMap<>()).put(r.metric(), r.counts());
            add(allHist.computeIfAbsent(r.metric(), k -> new long[LatencyBuckets.count()]), r.counts());
        }
        ObjectNode totals = root.putObject("totals");
        totals(totals, total);
        percentiles(totals, "latency_ms", allHist.get(LatencyMetric.LATENCY));
        percentiles(totals, "ttft_ms", allHist.get(LatencyMetric.TTFT));

        ArrayNode series = root.putArray("series");
        for (long b = from; b < to; b += w.bucket.millis()) {
            ObjectNode p = series.addObject();
            p.put("bucket_start", Instant.ofEpochMilli(b).toString());
            totals(p, sums.getOrDefault(b, UsageTotals.ZERO));
            Map<LatencyMetric, long[]> h = hist.getOrDefault(b, Map.of());
            percentiles(p, "latency_ms", h.get(LatencyMetric.LATENCY));
            percentiles(p, "ttft_ms", h.get(LatencyMetric.TTFT));
        }

        Map<String, Map<LatencyMetric, long[]>> modelHist = new HashMap<>();
        for (LatencyRow r : latencyPerModel) {
            modelHist.computeIfAbsent(r.model(), k -> new HashMap<>()).put(r.metric(), r.counts());
        }
        long allTokens = total.promptTokens() + total.completionTokens();
        List<UsageRow> models = new ArrayList<>(perModel);
        models.sort(Comparator.comparingLong((UsageRow r) -> -(r.totals().promptTokens()
                + r.totals().completionTokens())).thenComparing(r -> -r.totals().requests())
                .thenComparing(r -> r.group(UsageDimension.MODEL)));
        ArrayNode top = root.putArray("top_models");
        for (UsageRow r : models.subList(0, Math.min(TOP_MODELS, models.size()))) {
            ObjectNode m = top.addObject();
            m.put("model", r.group(UsageDimension.MODEL));
            m.put("vendor", r.group(UsageDimension.VENDOR));
            totals(m, r.totals());
            long tokens = r.totals().promptTokens() + r.totals().completionTokens();
            m.put("token_share", allTokens == 0 ? 0 : round((double) tokens / allTokens, 6));
            Map<LatencyMetric, long[]> h = modelHist.getOrDefault(r.group(UsageDimension.MODEL), Map.of());
            percentiles(m, "latency_ms", h.get(LatencyMetric.LATENCY));
            percentiles(m, "ttft_ms", h.get(LatencyMetric.TTFT));
        }
        return root;
    }

    private static void add(long[] into, long[] counts) {
        for (int i = 0; i < into.length; i++) {
            into[i] += counts[i];
        }
    }

    static void totals(ObjectNode n, UsageTotals t) {
        n.put("requests", t.requests());
        n.put("errors", t.errors());
        n.put("error_rate", round(t.errorRate(), 6));
        n.put("prompt_tokens", t.promptTokens());
        n.put("completion_tokens", t.completionTokens());
        n.put("tokens", t.promptTokens() + t.completionTokens());
        n.put("cost_usd", Money.toUsd(t.costPicos()).toPlainString());
        n.put("cost_picos", t.costPicos());
    }

    /** {@code field: {"p50": ms, "p95": ms}}, or null when nothing was measured. */
    static void percentiles(ObjectNode n, String field, long[] counts) {
        OptionalLong p50 = counts == null ? OptionalLong.empty() : LatencyBuckets.quantile(counts, 0.50);
        if (p50.isEmpty()) {
            n.putNull(field);
            return;
        }
        ObjectNode o = n.putObject(field);
        o.put("p50", p50.getAsLong());
        o.put("p95", LatencyBuckets.quantile(counts, 0.95).orElseThrow());
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
