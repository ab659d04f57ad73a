package dev.switchyard.server.api;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.core.usage.UsageTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders usage rows as JSON or CSV with the same columns: the bucket start (when bucketed), the grouped dimensions,
 * then requests, errors, error rate, tokens by kind, cost (USD as an exact decimal string, and picodollars) and mean
 * latency.
 */
public final class UsageReport {

    /** Writes decimals in plain notation ({@code 0.0000001}, never {@code 1E-7}). */
    public static final ObjectWriter PLAIN = Json.mapper().writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static final List<String> TOTAL_COLUMNS = List.of("requests", "errors", "error_rate", "prompt_tokens",
            "completion_tokens", "cached_tokens", "cache_write_tokens", "reasoning_tokens", "cost_usd", "cost_picos",
            "mean_latency_ms");

    private UsageReport() {
    }

    /** The column names, in order. */
    public static List<String> columns(UsageQuery q) {
        List<String> cols = new ArrayList<>();
        if (q.bucket() != Bucket.NONE) {
            cols.add("bucket_start");
        }
        q.groupBy().forEach(d -> cols.add(d.wireName()));
        cols.addAll(TOTAL_COLUMNS);
        return cols;
    }

    /** One row's cells as text, in {@link #columns} order. */
    public static List<String> cells(UsageQuery q, UsageRow row) {
        List<String> cells = new ArrayList<>();
        if (q.bucket() != Bucket.NONE) {
            cells.add(Instant.ofEpochMilli(row.bucketStartMillis()).toString());
        }
        for (UsageDimension d : q.groupBy()) {
            cells.add(row.group(d));
        }
        UsageTotals t = row.totals();
        cells.add(Long.toString(t.requests()));
        cells.add(Long.toString(t.errors()));
        cells.add(rounded(t.errorRate(), 4));
        cells.add(Long.toString(t.promptTokens()));
        cells.add(Long.toString(t.completionTokens()));
        cells.add(Long.toString(t.cachedTokens()));
        cells.add(Long.toString(t.cacheWriteTokens()));
        cells.add(Long.toString(t.reasoningTokens()));
        cells.add(Money.toUsd(t.costPicos()).toPlainString());
        cells.add(Long.toString(t.costPicos()));
        cells.add(rounded(t.meanLatencyMillis(), 1));
        return cells;
    }

    private static String rounded(double v, int decimals) {
        return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString();
    }

    /** {@code {"from","to","bucket","group_by","filters","data":[…]}}; numbers as numbers, cost as a string too. */
    public static String json(UsageQuery q, List<UsageRow> rows) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("from", Instant.ofEpochMilli(q.fromMillis()).toString());
        root.put("to", Instant.ofEpochMilli(q.toMillis()).toString());
        root.put("bucket", q.bucket().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode groupBy = root.putArray("group_by");
        q.groupBy().forEach(d -> groupBy.add(d.wireName()));
        ObjectNode filters = root.putObject("filters");
        q.filters().forEach((d, v) -> filters.put(d.wireName(), v));
        ArrayNode data = root.putArray("data");
        for (UsageRow row : rows) {
            ObjectNode o = data.addObject();
            if (q.bucket() != Bucket.NONE) {
                o.put("bucket_start", Instant.ofEpochMilli(row.bucketStartMillis()).toString());
            }
            row.groups().forEach((d, v) -> o.put(d.wireName(), v));
            UsageTotals t = row.totals();
            o.put("requests", t.requests());
            o.put("errors", t.errors());
            o.put("error_rate", new java.math.BigDecimal(rounded(t.errorRate(), 4)));
            o.put("prompt_tokens", t.promptTokens());
            o.put("completion_tokens", t.completionTokens());
            o.put("cached_tokens", t.cachedTokens());
            o.put("cache_write_tokens", t.cacheWriteTokens());
            o.put("reasoning_tokens", t.reasoningTokens());
            o.put("cost_usd", Money.toUsd(t.costPicos()).toPlainString());
            o.put("cost_picos", t.costPicos());
            o.put("mean_latency_ms", new java.math.BigDecimal(rounded(t.meanLatencyMillis(), 1)));
        }
        try {
            return PLAIN.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4180 CSV with a header line; CRLF line ends. */
    public static String csv(UsageQuery q, List<UsageRow> rows) {
        StringBuilder b = new StringBuilder();
        line(b, columns(q));
        for (UsageRow row : rows) {
            line(b, cells(q, row));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                b.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                b.append(c);
            }
        }
        b.append("\r\n");
    }
}
