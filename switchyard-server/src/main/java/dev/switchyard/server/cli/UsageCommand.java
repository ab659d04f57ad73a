package dev.switchyard.server.cli;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.Money;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.core.usage.UsageTotals;
import dev.switchyard.server.StoreConfig;
import dev.switchyard.server.api.BadParameter;
import dev.switchyard.server.api.UsageParams;
import dev.switchyard.server.api.UsageReport;
import dev.switchyard.store.jdbc.JdbcUsageStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchyard usage}: spend for a period (default: this UTC month so far), read from the ledger's rollups in the
 * data directory. Without {@code --by} it prints two tables, by key and by model; with {@code --by} one table grouped
 * by those dimensions. {@code --json} and {@code --csv} print the same report as {@code GET /api/v1/admin/usage}
 * (grouped by key and model when {@code --by} is absent). The data directory is found as {@code switchyard run}
 * finds it: {@code --data-dir}, else {@code $SWITCHYARD_DATA_DIR}, else the config file's {@code server.data_dir}
 * ({@code --config}, {@code $SWITCHYARD_CONFIG}, or {@code ./switchyard.yaml}), else {@code ./data}.
 *
 * <p>A standalone picocli command: register it as a subcommand ({@code addSubcommand(new UsageCommand())}) or run
 * {@link #main}.
 */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = "Spend by key and by model (or by the dimensions given) for a period, from the usage ledger.")
public final class UsageCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "DATE",
            description = "First instant, inclusive: 2026-11-01, 2026-11-01T10:00:00Z or epoch ms (default: start of this UTC month)")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last instant, exclusive (default: now)")
    String to;

    @Option(names = "--by", split = ",", paramLabel = "DIM",
            description = "Group by key, workspace, model, vendor, origin, provider or app (repeatable or comma-separated)")
    List<String> by = new ArrayList<>();

    @Option(names = "--bucket", paramLabel = "hour|day|none", description = "Slice the period (default: none)")
    String bucket;

    @Option(names = "--json", description = "Print JSON") boolean json;

    @Option(names = "--csv", description = "Print CSV") boolean csv;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where switchyard.db lives")
    String dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "switchyard.yaml to read server.data_dir from")
    String config;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final WallClock clock;

    /** A command reading the process environment and the system clock. */
    public UsageCommand() {
        this(System.getenv(), WallClock.system());
    }

    /** A command with a given environment and clock (for tests). */
    public UsageCommand(Map<String, String> env, WallClock clock) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs the command on its own: {@code java … UsageCommand [options]}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new UsageCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json && csv) {
            err.println("usage: choose one of --json and --csv");
            return 2;
        }
        List<UsageDimension> dims;
        UsageQuery base;
        try {
            dims = UsageParams.dimensions("--by", by);
            base = UsageParams.query(name -> switch (name) {
                case "from" -> from;
                case "to" -> to;
                case "bucket" -> bucket;
                default -> null;
            }, name -> List.of(), clock.epochMillis());
        } catch (BadParameter e) {
            err.println("usage: " + e.getMessage().replace("'from'", "--from").replace("'to'", "--to"));
            return 2;
        }
        StoreOptions where = where();
        StoreConfig storeConfig = where.store(env);
        Path dir = where.dataDir(env);
        if (storeConfig.postgres().isEmpty() && !Files.exists(StoreConfig.sqliteFile(dir))) {
            err.println("usage: no ledger at " + StoreConfig.sqliteFile(dir) + " (use --data-dir or --config)");
            return 1;
        }
        try (JdbcUsageStore store = storeConfig.openLedger(dir)) {
            if (json || csv) {
                UsageQuery q = grouped(base, dims.isEmpty() ? List.of(UsageDimension.KEY, UsageDimension.MODEL) : dims);
                List<UsageRow> rows = store.usage(q);
                out.print(json ? UsageReport.json(q, rows) + System.lineSeparator() : UsageReport.csv(q, rows));
            } else {
                out.println("Usage " + Instant.ofEpochMilli(base.fromMillis()) + " .. "
                        + Instant.ofEpochMilli(base.toMillis()) + " (UTC)");
                List<List<UsageDimension>> tables = dims.isEmpty()
                        ? List.of(List.of(UsageDimension.KEY), List.of(UsageDimension.MODEL)) : List.of(dims);
                for (List<UsageDimension> t : tables) {
                    UsageQuery q = grouped(base, t);
                    out.println();
                    table(out, q, store.usage(q));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static UsageQuery grouped(UsageQuery base, List<UsageDimension> dims) {
        return new UsageQuery(base.fromMillis(), base.toMillis(), base.bucket(), dims, base.filters());
    }

    /** Where the ledger is, found as every store command finds it. */
    private StoreOptions where() {
        StoreOptions o = new StoreOptions();
        o.dataDir = dataDir;
        o.config = config;
        return o;
    }

    /** A plain-text table, most expensive first, with a total line. */
    static void table(PrintWriter out, UsageQuery q, List<UsageRow> rows) {
        List<String> header = new ArrayList<>();
        if (q.bucket() != Bucket.NONE) {
            header.add("bucket");
        }
        q.groupBy().forEach(d -> header.add(d.wireName()));
        int labels = header.size();
        header.addAll(List.of("requests", "errors", "prompt", "completion", "cost_usd"));
        List<List<String>> lines = new ArrayList<>();
        List<UsageRow> sorted = new ArrayList<>(rows);
        if (q.bucket() == Bucket.NONE) {
            sorted.sort(Comparator.comparingLong((UsageRow r) -> r.totals().costPicos()).reversed());
        }
        UsageTotals total = UsageTotals.ZERO;
        for (UsageRow r : sorted) {
            List<String> line = new ArrayList<>();
            if (q.bucket() != Bucket.NONE) {
                line.add(Instant.ofEpochMilli(r.bucketStartMillis()).toString());
            }
            q.groupBy().forEach(d -> line.add(r.group(d).isEmpty() ? "(none)" : r.group(d)));
            line.addAll(numbers(r.totals()));
            lines.add(line);
            total = total.plus(r.totals());
        }
        List<String> totalLine = new ArrayList<>();
        for (int i = 0; i < labels; i++) {
            totalLine.add(i == 0 ? "TOTAL" : "");
        }
        totalLine.addAll(numbers(total));
        Map<Integer, Integer> width = new HashMap<>();
        for (List<String> line : concat(header, lines, totalLine)) {
            for (int i = 0; i < line.size(); i++) {
                width.merge(i, line.get(i).length(), Math::max);
            }
        }
        for (List<String> line : concat(header, lines, totalLine)) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                String cell = line.get(i);
                String pad = " ".repeat(width.get(i) - cell.length());
                b.append(i == 0 ? "" : "  ").append(i < labels ? cell + pad : pad + cell);
            }
            out.println(b.toString().stripTrailing());
        }
    }

    private static List<String> numbers(UsageTotals t) {
        return List.of(Long.toString(t.requests()), Long.toString(t.errors()), Long.toString(t.promptTokens()),
                Long.toString(t.completionTokens()), Money.toUsd(t.costPicos()).toPlainString());
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> lines, List<String> total) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(lines);
        all.add(total);
        return all;
    }
}
