package dev.switchyard.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepared statements kept per physical connection and SQL text, so that the ledger writer does not compile the same
 * statements again for every batch. SQLite compiles a statement on each {@code prepareStatement} (a 64-row insert of
 * 2,048 parameters costs as much as executing it: a quarter of the journal drain's CPU, docs/benchmarks.md "Issue 14"),
 * and neither its driver nor HikariCP keeps statements across a connection's check-outs. PostgreSQL's driver keeps its
 * own server-side statements per connection, so the PostgreSQL path does not need this.
 *
 * <p>The statements are prepared on the pool's physical connection ({@code unwrap}), so that returning the connection
 * to the pool does not close them; the pool hands a connection to one thread at a time, so each connection's map is
 * used by one thread at a time. A connection the pool has since closed (retired after its lifetime) is forgotten, with
 * its statements, the next time a connection is seen for the first time, and {@link #close} closes every statement
 * left. Callers must not close what {@link #prepare} returns; they close its result sets.
 */
final class StatementCache implements AutoCloseable {

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    /** The statement for {@code sql} on {@code pooled}'s physical connection, prepared once. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> statements;
        synchronized (byConnection) {
            statements = byConnection.get(physical);
            if (statements == null) {
                forgetClosedConnections();
                statements = new HashMap<>();
                byConnection.put(physical, statements);
            }
        }
        PreparedStatement s = statements.get(sql);
        if (s == null || s.isClosed()) {
            s = physical.prepareStatement(sql);
            statements.put(sql, s);
        }
        return s;
    }

    private void forgetClosedConnections() throws SQLException {
        List<Connection> closed = new ArrayList<>();
        for (Connection c : byConnection.keySet()) {
            if (c.isClosed()) {
                closed.add(c);
            }
        }
        for (Connection c : closed) {
            closeAll(byConnection.remove(c).values());
        }
    }

    @Override
    public void close() {
        synchronized (byConnection) {
            for (Map<String, PreparedStatement> statements : byConnection.values()) {
                closeAll(statements.values());
            }
            byConnection.clear();
        }
    }

    private static void closeAll(Collection<PreparedStatement> statements) {
        for (PreparedStatement s : statements) {
            try {
                s.close();
            } catch (SQLException e) {
                // the connection is gone or going: nothing left to release
            }
        }
    }
}
