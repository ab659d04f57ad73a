package dev.switchyard.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.AccountStore;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The account-store contract on an SQLite file, plus sharing the file with the usage ledger and reopening it. */
class SqliteAccountStoreTest extends AccountStoreContract {

    private Path file;

    @Override
    protected AccountStore newStore() throws Exception {
        file = Files.createTempDirectory("switchyard-accounts").resolve("switchyard.db");
        return JdbcAccountStore.sqlite(file, () -> 42);
    }

    @Test
    void keysSurviveAReopenAndTheLedgerSharesTheFile() {
        ApiKey k = key(Workspace.DEFAULT_ID, KeyRole.INFERENCE);
        store.createKey(k);
        store.close();
        try (JdbcUsageStore ledger = JdbcUsageStore.sqlite(file)) {
            assertThat(ledger.find("gen-none")).isEmpty();
        }
        store = JdbcAccountStore.sqlite(file, () -> 99);
        assertThat(store.keyByHash(k.hash())).contains(k);
        assertThat(store.workspace(Workspace.DEFAULT_ID).orElseThrow().createdAtMillis()).isEqualTo(42);
    }
}
