package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.usage.LedgerFilter;
import dev.switchyard.core.usage.UsageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rollup contract on an SQLite file, plus the query plans the console relies on: the explorer's model filter
 * walks its expression index (the query must spell the indexed expression exactly).
 */
class SqliteRollupTest extends LedgerRollupContract {

    @Override
    protected Database newDatabase() throws Exception {
        Path file = Files.createTempDirectory("switchyard-rollup").resolve("switchyard.db");
        return new Database() {
            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection("jdbc:sqlite:" + file);
            }

            @Override
            public UsageStore open() {
                return JdbcUsageStore.sqlite(file);
            }
        };
    }

    @Test
    void theExplorersModelFilterWalksTheModelIndexNewestFirst() throws Exception {
        LedgerQuery q = LedgerQuery.of(new LedgerFilter(Optional.empty(), Optional.of("qwen/max"), Optional.empty(),
                500, 599, 0, Long.MAX_VALUE, Optional.empty(), 50));
        List<String> plan = new ArrayList<>();
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + q.sql())) {
            q.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.add(rs.getString("detail"));
                }
            }
        }
        assertThat(String.join("\n", plan)).contains("USING INDEX generations_model_time");
    }
}
