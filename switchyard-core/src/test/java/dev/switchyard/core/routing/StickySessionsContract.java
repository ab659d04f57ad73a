package dev.switchyard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StickySessions} table must do, whatever keeps its entries: run it against an implementation by
 * extending this class, saying how to make a fresh, empty table with {@link #TTL} and how to move its clock on.
 */
public abstract class StickySessionsContract {

    /** The idle time of the tables under test. */
    protected static final Duration TTL = Duration.ofMinutes(10);

    protected StickySessions table;

    /** A fresh table that remembers nothing, with an idle time of {@link #TTL}. */
    protected abstract StickySessions newTable();

    /** Moves the table's clock on. */
    protected abstract void advance(Duration d);

    @BeforeEach
    void createTable() {
        table = newTable();
    }

    private void remember(String session, String model, String candidate) {
        table.remember(session, model, candidate).toCompletionStage().toCompletableFuture().join();
    }

    private Map<String, String> lookup(String session, String... models) {
        return table.lookup(session, List.of(models)).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aSessionFindsTheCandidateThatLastServedItForThatModelOnly() {
        remember("s1", "m/a", "sim");
        assertThat(lookup("s1", "m/a")).containsExactly(Map.entry("m/a", "sim"));
        assertThat(lookup("s1", "m/b")).as("another model").isEmpty();
        assertThat(lookup("s2", "m/a")).as("another session").isEmpty();
        remember("s1", "m/a", "sim-2#1");
        assertThat(lookup("s1", "m/a")).as("the latest wins").containsExactly(Map.entry("m/a", "sim-2#1"));
    }

    @Test
    void oneLookupAnswersForEveryModelOfTheRequest() {
        remember("s1", "m/a", "a-1");
        remember("s1", "m/c", "c-1");
        assertThat(lookup("s1", "m/a", "m/b", "m/c")).isEqualTo(Map.of("m/a", "a-1", "m/c", "c-1"));
        assertThat(lookup("s1")).as("no models, no entries").isEmpty();
    }

    @Test
    void anEntryIdleLongerThanItsTtlIsForgottenAndUseStartsItsIdleTimeAgain() {
        remember("s1", "m/a", "a-1");
        remember("s1", "m/b", "b-1");
        advance(TTL.minusSeconds(1));
        remember("s1", "m/b", "b-1");
        advance(Duration.ofSeconds(2));
        assertThat(lookup("s1", "m/a", "m/b")).as("m/a idle past its TTL; m/b used since")
                .isEqualTo(Map.of("m/b", "b-1"));
        advance(TTL);
        assertThat(lookup("s1", "m/b")).isEmpty();
    }

    @Test
    void sessionKeysAreTakenAsTheyAreWhateverTheyHold() {
        String odd = "user@example.com: {slot} ü " + "x".repeat(2_000);
        remember(odd, "m/a", "a-1");
        remember("user@example.com", "m/a", "a-2");
        assertThat(lookup(odd, "m/a")).containsExactly(Map.entry("m/a", "a-1"));
        assertThat(lookup("user@example.com", "m/a")).containsExactly(Map.entry("m/a", "a-2"));
        assertThat(lookup("user@example.com:", "m/a")).isEmpty();
    }
}
