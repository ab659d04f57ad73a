package dev.switchyard.server.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.catalog.Catalog;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQueries;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.server.api.BadParameter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/admin/rankings}: token share per week (from Monday 00:00 UTC) or per UTC day, by model, vendor,
 * the vendor's country of origin, or open weights against proprietary, as OpenRouter's public rankings show it.
 *
 * <p>Tokens are prompt plus completion tokens of every request (failed ones count what they used). One read of the
 * daily rollups grouped by the dimension (openness is the model's catalog flag, so it is read by model and folded);
 * days are folded into weeks here. For each period and group: tokens, requests, share of the period's tokens, the
 * change in share from the period before (percentage points) and the change in tokens (a ratio, null when the group
 * had none). An <em>overtake</em> is recorded where a group that had fewer tokens than another in the period before
 * has more in this one, among the {@value #OVERTAKE_GROUPS} largest groups. The current period is partial, and says so.
 */
final class RankingsReport {

    /** Groups considered for overtakes: the largest by tokens over the whole range. */
    static final int OVERTAKE_GROUPS = 10;
    /** The most periods one report covers. */
    static final int MAX_WEEKS = 104;
    static final int MAX_DAYS = 92;

    static final String UNKNOWN = "(unknown)";

    enum Grain {
        WEEK, DAY;

        static Grain parse(String v) {
            if (v == null || v.isBlank()) {
                return WEEK;
            }
            return switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "week" -> WEEK;
                case "day" -> DAY;
                default -> throw new BadParameter("grain", "invalid 'grain': '" + v + "' (expected: week or day)");
            };
        }

        long periodOf(long dayMillis) {
            if (this == DAY) {
                return dayMillis;
            }
            long day = Math.floorDiv(dayMillis, Bucket.DAY_MILLIS);
            long sinceMonday = Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday
            return (day - sinceMonday) * Bucket.DAY_MILLIS;
        }

        long millis() {
            return this == DAY ? Bucket.DAY_MILLIS : 7 * Bucket.DAY_MILLIS;
        }
    }

    enum By {
        MODEL(UsageDimension.MODEL), VENDOR(UsageDimension.VENDOR), COUNTRY(UsageDimension.ORIGIN),
        OPENNESS(UsageDimension.MODEL);

        final UsageDimension read;

        By(UsageDimension read) {
            this.read = read;
        }

        static By parse(String v) {
            if (v == null || v.isBlank()) {
                return MODEL;
            }
            for (By b : values()) {
                if (b.name().equalsIgnoreCase(v.strip())) {
                    return b;
                }
            }
            throw new BadParameter("by", "invalid 'by': '" + v + "' (expected: model, vendor, country or openness)");
        }
    }

    /** One group in one period. */
    record Cell(long requests, long promptTokens, long completionTokens) {
        long tokens() {
            return promptTokens + completionTokens;
        }

        Cell plus(Cell o) {
            return new Cell(requests + o.requests, promptTokens + o.promptTokens, completionTokens + o.completionTokens);
        }
    }

    /** The computed ranking: periods in order, groups by size, the cells, and the overtakes. */
    record Ranking(Grain grain, By by, long from, long to, List<Long> periods, List<String> groups,
                   Map<Long, Map<String, Cell>> cells) {

        long total(long period) {
            return cells.getOrDefault(period, Map.of()).values().stream().mapToLong(Cell::tokens).sum();
        }

        Cell cell(long period, String group) {
            return cells.getOrDefault(period, Map.of()).getOrDefault(group, new Cell(0, 0, 0));
        }

        Optional<Double> share(long period, String group) {
            long t = total(period);
            return t == 0 ? Optional.empty() : Optional.of((double) cell(period, group).tokens() / t);
        }
    }

    private RankingsReport() {
    }

    static Ranking compute(Grain grain, By by, int periods, long now, UsageQueries usage, Catalog catalog) {
        long current = grain.periodOf(Bucket.floorDay(now));
        long from = current - (long) (periods - 1) * grain.millis();
        long to = Bucket.floorHour(now) + Bucket.HOUR_MILLIS;
        List<UsageRow> rows = usage.usage(UsageQuery.of(from, to, Bucket.DAY).groupedBy(by.read));
        Map<Long, Map<String, Cell>> cells = new HashMap<>();
        Map<String, Long> size = new HashMap<>();
        for (UsageRow r : rows) {
            String group = group(by, r.group(by.read), catalog);
            Cell c = new Cell(r.totals().requests(), r.totals().promptTokens(), r.totals().completionTokens());
            cells.computeIfAbsent(grain.periodOf(r.bucketStartMillis()), k -> new HashMap<>())
                    .merge(group, c, Cell::plus);
            size.merge(group, c.tokens(), Long::sum);
        }
        List<Long> list = new ArrayList<>();
        for (long p = from; p <= current; p += grain.millis()) {
            list.add(p);
        }
        List<String> groups = new ArrayList<>(size.keySet());
        groups.sort(Comparator.comparingLong((String g) -> -size.get(g)).thenComparing(g -> g));
        return new Ranking(grain, by, from, to, list, groups, cells);
    }

    static String group(By by, String value, Catalog catalog) {
        if (by == By.OPENNESS) {
            return catalog.model(value).map(m -> m.openWeights() ? "open" : "proprietary").orElse(UNKNOWN);
        }
        return value.isEmpty() ? UNKNOWN : value;
    }

    /** Overtakes between consecutive periods among the largest groups, oldest first. */
    static List<String[]> overtakes(Ranking r) {
        List<String> top = r.groups().subList(0, Math.min(OVERTAKE_GROUPS, r.groups().size()));
        List<String[]> out = new ArrayList<>();
        for (int i = 1; i < r.periods().size(); i++) {
            long prev = r.periods().get(i - 1);
            long cur = r.periods().get(i);
            for (String a : top) {
                for (String b : top) {
                    if (!a.equals(b) && r.cell(prev, a).tokens() < r.cell(prev, b).tokens()
                            && r.cell(cur, a).tokens() > r.cell(cur, b).tokens()) {
                        out.add(new String[] {day(cur), a, b});
                    }
                }
            }
        }
        return out;
    }

    static String day(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).toString();
    }

    /** The flat rows (period, group) that JSON's {@code data} and the CSV hold, in period then size order. */
    static List<Map<String, Object>> rows(Ranking r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < r.periods().size(); i++) {
            long p = r.periods().get(i);
            for (String g : r.groups()) {
                Cell c = r.cell(p, g);
                if (c.requests() == 0 && c.tokens() == 0) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("period_start", day(p));
                row.put("group", g);
                row.put("requests", c.requests());
                row.put("prompt_tokens", c.promptTokens());
                row.put("completion_tokens", c.completionTokens());
                row.put("tokens", c.tokens());
                double share = r.share(p, g).orElse(0.0);
                row.put("share", OverviewReport.round(share, 6));
                if (i == 0) {
                    row.put("share_change_pp", null);
                    row.put("tokens_change", null);
                } else {
                    long prev = r.periods().get(i - 1);
                    Optional<Double> before = r.share(prev, g);
                    row.put("share_change_pp", OverviewReport.round(100 * (share - before.orElse(0.0)), 4));
                    long prevTokens = r.cell(prev, g).tokens();
                    row.put("tokens_change", prevTokens == 0 ? null
                            : OverviewReport.round((double) (c.tokens() - prevTokens) / prevTokens, 4));
                }
                out.add(row);
            }
        }
        return out;
    }

    static ObjectNode json(Ranking r, long now) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("grain", r.grain().name().toLowerCase(Locale.ROOT));
        root.put("by", r.by().name().toLowerCase(Locale.ROOT));
        root.put("from", Instant.ofEpochMilli(r.from()).toString());
        root.put("to", Instant.ofEpochMilli(r.to()).toString());
        ArrayNode periods = root.putArray("periods");
        for (long p : r.periods()) {
            periods.addObject().put("start", day(p)).put("total_tokens", r.total(p))
                    .put("partial", p + r.grain().millis() > now);
        }
        ArrayNode series = root.putArray("series");
        for (String g : r.groups()) {
            ObjectNode s = series.addObject().put("group", g);
            ArrayNode tokens = s.putArray("tokens");
            ArrayNode shares = s.putArray("share");
            for (long p : r.periods()) {
                tokens.add(r.cell(p, g).tokens());
                shares.add(OverviewReport.round(r.share(p, g).orElse(0.0), 6));
            }
        }
        ArrayNode data = root.putArray("data");
        for (Map<String, Object> row : rows(r)) {
            data.add(Json.mapper().valueToTree(row));
        }
        ArrayNode over = root.putArray("overtakes");
        for (String[] o : overtakes(r)) {
            over.addObject().put("period_start", o[0]).put("group", o[1]).put("overtook", o[2]);
        }
        return root;
    }

    static String csv(Ranking r) {
        StringBuilder b = new StringBuilder("period_start,group,requests,prompt_tokens,completion_tokens,tokens,share,"
                + "share_change_pp,tokens_change\r\n");
        for (Map<String, Object> row : rows(r)) {
            List<String> cells = new ArrayList<>();
            for (Object v : row.values()) {
                cells.add(cell(v == null ? "" : String.valueOf(v)));
            }
            b.append(String.join(",", cells)).append("\r\n");
        }
        return b.toString();
    }

    private static String cell(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** The number of periods asked for, within bounds; defaults to 8 weeks or 14 days. */
    static int periods(Grain grain, String value) {
        int max = grain == Grain.WEEK ? MAX_WEEKS : MAX_DAYS;
        if (value == null || value.isBlank()) {
            return grain == Grain.WEEK ? 8 : 14;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameter("periods", "invalid 'periods': '" + value + "' (expected 1 to " + max + ")");
    }
}
