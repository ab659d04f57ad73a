package dev.switchyard.store.jdbc;

import dev.switchyard.core.usage.LedgerFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of one requests-explorer page: the filters as equality tests that the ledger's indexes lead with
 * ({@code generations_key_time}, {@code generations_model_time}, {@code generations_provider_time}, else
 * {@code generations_created_at}), a keyset cursor rather than an offset, so every page costs the same, and newest
 * first. The model filter is the model a request is counted under in the rollups and shown as in the list, the one
 * that served, else the one asked for ({@link #MODEL}): one expression index ordered by time serves it, so a page is
 * one index walk newest first, where a test on either column had to merge two indexes and sort the union first.
 */
final class LedgerQuery {

    /**
     * The model a ledger row counts under; {@code generations_model_time} (migration V8) indexes exactly this
     * expression, which both databases match only when the query spells the same expression.
     */
    static final String MODEL = "(CASE WHEN model_served = '' THEN model_requested ELSE model_served END)";

    private final String sql;
    private final List<Object> params;

    private LedgerQuery(String sql, List<Object> params) {
        this.sql = sql;
        this.params = params;
    }

    static LedgerQuery of(LedgerFilter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM generations WHERE created_at_ms >= ? AND created_at_ms < ?");
        List<Object> params = new ArrayList<>();
        params.add(f.fromMillis());
        params.add(f.toMillis());
        f.key().ifPresent(k -> {
            sql.append(" AND key_id = ?");
            params.add(k);
        });
        f.model().ifPresent(m -> {
            sql.append(" AND ").append(MODEL).append(" = ?");
            params.add(m);
        });
        f.provider().ifPresent(p -> {
            sql.append(" AND provider = ?");
            params.add(p);
        });
        if (f.statusMin() > 0 || f.statusMax() < 999) {
            sql.append(" AND status BETWEEN ? AND ?");
            params.add((long) f.statusMin());
            params.add((long) f.statusMax());
        }
        f.before().ifPresent(c -> {
            sql.append(" AND (created_at_ms < ? OR (created_at_ms = ? AND id < ?))");
            params.add(c.createdAtMillis());
            params.add(c.createdAtMillis());
            params.add(c.id());
        });
        sql.append(" ORDER BY created_at_ms DESC, id DESC LIMIT ?");
        params.add((long) f.limit());
        return new LedgerQuery(sql.toString(), params);
    }

    String sql() {
        return sql;
    }

    void bind(PreparedStatement s) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                s.setLong(i + 1, l);
            } else {
                s.setString(i + 1, (String) p);
            }
        }
    }
}
