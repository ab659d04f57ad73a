package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.server.cli.SwitchyardCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The operator CLI run in-process on a temporary data directory: keys and workspaces, table and JSON output, exit
 * codes, and a gateway started on the same directory seeing what the CLI made.
 */
class KeysCliTest {

    private Path dataDir;

    /** What one CLI run printed and returned. */
    private record Run(int code, String out, String err) {
        JsonNode json() {
            return TestGateway.json(out);
        }
    }

    @BeforeEach
    void dir() throws Exception {
        dataDir = Files.createTempDirectory("switchyard-cli");
    }

    private Run cli(String... args) {
        return cli(Map.of(), args);
    }

    private Run cli(Map<String, String> env, String... args) {
        CommandLine cl = SwitchyardCli.commandLine(env, () -> 1_800_000_000_000L, new SecureRandom());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--data-dir";
        full[args.length + 1] = dataDir.toString();
        int code = cl.execute(args.length > 0 && args[0].equals("--no-dir") ? java.util.Arrays.copyOfRange(args, 1,
                args.length) : full);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void keysAreCreatedListedDisabledAndDeleted() {
        Run created = cli("keys", "create", "--name", "ci", "--limit", "5", "--limit-reset", "daily", "--rpm", "10",
                "--tpm", "5000", "--concurrency", "2", "--allow-model", "test/echo", "--allow-model", "test/claude",
                "--expires", "2099-01-01T00:00:00Z", "--metadata", "team=ml");
        assertThat(created.code()).as(created.err()).isZero();
        String secret = created.out().lines().filter(l -> l.startsWith("sk-swy-")).findFirst().orElseThrow();
        assertThat(created.out()).contains("shown once").contains("not stored");
        String hash = dev.switchyard.core.accounts.ApiKeys.hash(secret);
        assertThat(created.out()).contains(hash);

        Run list = cli("keys", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(hash).contains(secret.substring(0, 19)).doesNotContain(secret)
                .contains("active").contains("$5 daily");
        JsonNode listed = cli("keys", "list", "--json").json().path("data");
        assertThat(listed).hasSize(1);
        JsonNode k = listed.get(0);
        assertThat(k.path("hash").asText()).isEqualTo(hash);
        assertThat(k.path("rate_limits").path("requests_per_minute").asLong()).isEqualTo(10);
        assertThat(k.path("rate_limits").path("tokens_per_minute").asLong()).isEqualTo(5000);
        assertThat(k.path("rate_limits").path("max_concurrent").asLong()).isEqualTo(2);
        assertThat(k.path("allowed_models").toString()).isEqualTo("[\"test/claude\",\"test/echo\"]");
        assertThat(k.path("metadata").path("team").asText()).isEqualTo("ml");
        assertThat(k.has("limit_remaining")).as("the CLI has no budget ledger").isFalse();

        assertThat(cli("keys", "disable", hash).code()).isZero();
        assertThat(cli("keys", "get", hash, "--json").json().path("data").path("disabled").asBoolean()).isTrue();
        assertThat(cli("keys", "list").out()).contains("disabled");
        assertThat(cli("keys", "enable", secret.substring(0, 19)).code()).as("by label").isZero();
        Run updated = cli("keys", "update", hash, "--limit", "none", "--name", "ci-2", "--json");
        assertThat(updated.code()).as(updated.err()).isZero();
        assertThat(updated.json().path("data").path("limit").isNull()).isTrue();
        assertThat(updated.json().path("data").path("name").asText()).isEqualTo("ci-2");
        assertThat(updated.json().path("data").path("disabled").asBoolean()).isFalse();

        assertThat(cli("keys", "delete", hash).code()).isZero();
        Run gone = cli("keys", "get", hash);
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("not found");
        assertThat(cli("keys", "delete", hash).code()).isEqualTo(1);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(cli("keys", "create").code()).as("--name missing").isEqualTo(2);
        Run reset = cli("keys", "create", "--name", "x", "--limit", "1", "--limit-reset", "yearly");
        assertThat(reset.code()).isEqualTo(2);
        assertThat(reset.err()).contains("limit_reset");
        assertThat(cli("keys", "create", "--name", "x", "--limit", "lots").err()).contains("--limit");
        assertThat(cli("keys", "create", "--name", "x", "--limit", "1000000000").err())
                .contains("more than the largest budget held exactly, 9223372.036854775807 USD");
        assertThat(cli("keys", "create", "--name", "x", "--limit", "0.0000000000001").err())
                .contains("at most 12 decimals");
        assertThat(cli("keys", "create", "--name", "x", "--rpm", "-1").code()).isEqualTo(2);
        assertThat(cli("keys", "create", "--name", "x", "--expires", "soon").code()).isEqualTo(2);
        assertThat(cli("keys", "frobnicate").code()).isEqualTo(2);
        assertThat(cli("--no-dir", "keys").code()).isEqualTo(2);
        Run help = cli("--no-dir", "keys", "create", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--limit-reset").contains("--allow-model").contains("--data-dir");
        assertThat(cli("keys", "list", "--json").json().path("data")).as("nothing was created").isEmpty();
    }

    @Test
    void workspacesAreManaged() {
        Run created = cli("workspaces", "create", "--id", "team-a", "--name", "Team A", "--limit", "100",
                "--limit-reset", "monthly", "--json");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.json().path("data").path("id").asText()).isEqualTo("team-a");
        assertThat(cli("workspaces", "create", "--id", "team-a", "--name", "again").code()).isEqualTo(1);
        assertThat(cli("workspaces", "list").out()).contains("team-a").contains("default").contains("$100 monthly");
        assertThat(cli("keys", "create", "--name", "k", "--workspace", "team-a").code()).isZero();
        assertThat(cli("keys", "list", "--workspace", "team-a", "--json").json().path("data")).hasSize(1);
        Run busy = cli("workspaces", "delete", "team-a");
        assertThat(busy.code()).isEqualTo(1);
        assertThat(busy.err()).contains("still has keys");
        assertThat(cli("workspaces", "update", "team-a", "--disable", "--json").json().path("data")
                .path("disabled").asBoolean()).isTrue();
        assertThat(cli("workspaces", "get", "nowhere").code()).isEqualTo(1);
        assertThat(cli("keys", "create", "--name", "k", "--workspace", "nowhere").code()).isEqualTo(2);
    }

    @Test
    void theDataDirectoryComesFromTheEnvironmentToo() {
        Map<String, String> env = Map.of("SWITCHYARD_DATA_DIR", dataDir.toString());
        assertThat(cli(env, "--no-dir", "keys", "create", "--name", "env", "--json").code()).isZero();
        assertThat(cli("keys", "list", "--json").json().path("data")).hasSize(1);
    }

    @Test
    void aGatewayOnTheSameDataDirectorySeesWhatTheCliMade() {
        Run admin = cli("keys", "create", "--name", "first admin", "--admin", "--json");
        assertThat(admin.code()).as(admin.err()).isZero();
        String adminSecret = admin.json().path("key").asText();
        String inferenceHash = cli("keys", "create", "--name", "app", "--json").json().path("data").path("hash")
                .asText();
        try (TestGateway gw = new TestGateway(b -> b.dataDir(dataDir))) {
            HttpResponse<String> keys = gw.request("GET", "/api/v1/keys", null, "authorization",
                    "Bearer " + adminSecret);
            assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
            assertThat(TestGateway.json(keys.body()).path("data").findValuesAsText("hash")).contains(inferenceHash);
            assertThat(gw.gateway.keyDirectory().hasInferenceKeys()).isTrue();
        }
    }
}
