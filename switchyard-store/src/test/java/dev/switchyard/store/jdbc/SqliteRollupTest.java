package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.Bucket;
import dev.switchyard.core.usage.UsageDimension;
import dev.switchyard.core.usage.UsageQuery;
import dev.switchyard.core.usage.UsageRow;
import dev.switchyard.core.usage.UsageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rollup contract on an SQLite file, plus one cross-check with SQL over the raw {@code generations} table. */
class SqliteRollupTest extends LedgerRollupContract {

    private Path file;

    @Override
    protected UsageStore newStore() throws Exception {
        Path f = Files.createTempDirectory("switchyard-rollup").resolve("switchyard.db");
        if (file == null) {
            file = f;
        }
        return JdbcUsageStore.sqlite(f);
    }

    @Test
    void dailyRollupEqualsAGroupByOverTheRawTable() throws Exception {
        List<String> raw = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT created_at_ms / 86400000 * 86400000 AS day,
                            CASE WHEN model_served = '' THEN model_requested ELSE model_served END AS m,
                            COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens),
                            SUM(completion_tokens), SUM(reasoning_tokens), SUM(cost_total_picos)
                     FROM generations GROUP BY day, m ORDER BY day, m""")) {
            while (rs.next()) {
                raw.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getLong(4) + " "
                        + rs.getLong(5) + " " + rs.getLong(6) + " " + rs.getLong(7) + " " + rs.getLong(8));
            }
        }
        List<String> rolled = new ArrayList<>();
        for (UsageRow r : queries().usage(UsageQuery.of(MONTH_START, at(DAYS, 0, 0), Bucket.DAY)
                .groupedBy(UsageDimension.MODEL))) {
            rolled.add(r.bucketStartMillis() + " " + r.group(UsageDimension.MODEL) + " " + r.totals().requests() + " "
                    + r.totals().errors() + " " + r.totals().promptTokens() + " " + r.totals().completionTokens() + " "
                    + r.totals().reasoningTokens() + " " + r.totals().costPicos());
        }
        assertThat(rolled).hasSizeGreaterThan(100).isEqualTo(raw);
    }
}
