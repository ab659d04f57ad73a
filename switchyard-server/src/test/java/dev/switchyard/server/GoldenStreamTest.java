package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.simulator.Script;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests of streamed translation: for every (front door x provider protocol) pair, a fixed simulator script
 * must produce, byte for byte, the event sequence recorded in {@code src/test/resources/golden/}. The recordings
 * were reviewed by hand against each protocol's specification once; a change in them is a change in what clients
 * receive, and must be reviewed the same way.
 *
 * <p>Generation ids and the wall clock are fixed for these tests, so nothing in the bytes varies from run to run.
 * To re-record after an intended change: {@code mvn -pl switchyard-server test -Dtest=GoldenStreamTest
 * -Dswitchyard.golden.record=true}, then review the diff.
 */
class GoldenStreamTest {

    static final Path DIR = Path.of("src/test/resources/golden");
    static final boolean RECORD = Boolean.getBoolean("switchyard.golden.record");

    enum Scenario {
        /** Reasoning with a signature, then text, with cached and reasoning usage. */
        TEXT(Script.builder().thinking("Check the sky first").text("Clear skies over the yard")
                .promptTokens(40).cachedTokens(10).reasoningTokens(4).build()),
        /** A tool call whose arguments stream in fragments. */
        TOOL(Script.builder().toolCall("get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}")
                .promptTokens(30).build());

        final Script script;

        Scenario(Script script) {
            this.script = script;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPairStreamsItsRecordedBytes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Door door : Door.values()) {
            for (ConformanceTest.Provider provider : ConformanceTest.Provider.values()) {
                for (Scenario scenario : Scenario.values()) {
                    String name = (door + "-" + provider + "-" + scenario).toLowerCase(Locale.ROOT);
                    tests.add(DynamicTest.dynamicTest(name, () -> golden(name, door, provider, scenario)));
                }
            }
        }
        return tests.stream();
    }

    private void golden(String name, Door door, ConformanceTest.Provider provider, Scenario scenario)
            throws IOException {
        AtomicReference<String> id = new AtomicReference<>("gen-" + name);
        try (TestGateway gw = new TestGateway(b -> b.wallClock(() -> 1_767_225_600_000L).generationIds(id::get))) {
            gw.simulator.script(provider.upstream, scenario.script);
            Conversation c = scenario == Scenario.TOOL ? Conversation.plain().withTool()
                    : Conversation.plain().withReasoning();
            HttpResponse<String> r = gw.post(door.path(provider.model, true),
                    door.body(provider.model, c, true).toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Path file = DIR.resolve(name + ".sse");
            if (RECORD) {
                Files.createDirectories(DIR);
                Files.writeString(file, r.body(), StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("recording %s is missing; record it with -Dswitchyard.golden.record=true and review "
                    + "it", file).exists();
            assertThat(r.body()).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        }
    }
}
