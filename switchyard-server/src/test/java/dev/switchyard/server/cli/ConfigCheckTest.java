package dev.switchyard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchyard config check FILE}: validates without starting; one line either way. */
class ConfigCheckTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(Map<String, String> env, String yaml, String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        CommandLine cli = SwitchyardCli.commandLine(env, () -> 0L, new SecureRandom());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("config", "check", file.toString());
    }

    private String error() {
        assertThat(err.toString().lines().toList()).hasSize(1);
        return err.toString().strip();
    }

    @Test
    void aGoodFileIsOkWithASummaryAndStartsNothing() throws Exception {
        String yaml = """
                server: {host: 0.0.0.0, port: 9123, data_dir: /nonexistent/switchyard}
                routing:
                  retries: {max_attempts: 3}
                  models:
                    deepseek/deepseek-flash: {provider: {order: [deepseek]}}
                providers:
                  deepseek: {api_key: "${DS_KEY}"}
                aliases: {fast: deepseek/deepseek-flash}
                """;
        assertThat(check(Map.of("DS_KEY", "sk-test"), yaml, "good.yaml")).isZero();
        assertThat(out.toString()).startsWith("ok: " + dir.resolve("good.yaml") + ": would listen on 0.0.0.0:9123")
                .contains("1 of ").contains("providers enabled (deepseek)");
        assertThat(err.toString()).isEmpty();
        assertThat(Path.of("/nonexistent/switchyard")).doesNotExist();
    }

    @Test
    void aTypoInsideASectionIsRefusedWithTheClosestKey() throws Exception {
        assertThat(check(Map.of(), "server: {prot: 8095}\n", "typo.yaml")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(error()).isEqualTo("switchyard: config " + dir.resolve("typo.yaml")
                + ": unknown key 'server.prot' (did you mean 'server.port'?)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void typosAreCaughtAtEveryDepth() throws Exception {
        String[][] cases = {
                {"limts: {max_body_bytes: 1}", "unknown section 'limts' (did you mean 'limits'?)"},
                {"routing: {retries: {max_atempts: 3}}", "unknown key 'routing.retries.max_atempts' (did you mean 'routing.retries.max_attempts'?)"},
                {"routing: {models: {a/b: {provider: {oder: [x]}}}}", "unknown key 'routing.models.a/b.provider.oder' (did you mean 'routing.models.a/b.provider.order'?)"},
                {"providers: {deepseek: {base-url: http://x}}", "unknown key 'providers.deepseek.base-url' (did you mean 'providers.deepseek.base_url'?)"},
                {"models: {a/b: {endpoints: [{provider: deepseek, pricing: {promt: '1', completion: '1'}}]}}", "unknown key 'models.a/b.endpoints[0].pricing.promt' (did you mean 'models.a/b.endpoints[0].pricing.prompt'?)"},
                {"accounts: {enabeld: false}", "unknown key 'accounts.enabeld' (did you mean 'accounts.enabled'?)"},
                {"log: {colour: true}", "unknown key 'log.colour' (expected one of: access, format)"},
        };
        for (String[] c : cases) {
            err.getBuffer().setLength(0);
            assertThat(check(Map.of(), c[0] + "\n", "t.yaml")).as(c[0]).isEqualTo(SwitchyardCli.USAGE);
            assertThat(error()).as(c[0]).endsWith(": " + c[1]);
        }
    }

    @Test
    void aValueOfTheWrongTypeNamesItsKey() throws Exception {
        assertThat(check(Map.of(), "server: {port: eighty}\n", "t.yaml")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(error()).endsWith(": server.port: 'eighty' (expected: a whole number)");
        err.getBuffer().setLength(0);
        assertThat(check(Map.of(), "server: 8080\n", "t.yaml")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(error()).contains(": server: expected a mapping of host, port, data_dir, ").endsWith(", found '8080'");
    }

    @Test
    void malformedYamlAndJsonSayLineAndColumnInPlainWords() throws Exception {
        assertThat(check(Map.of(), "server:\n  port: 80\n   host: x\n", "bad.yaml")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(error()).startsWith("switchyard: config " + dir.resolve("bad.yaml") + ", line 3, column ");
        err.getBuffer().setLength(0);
        assertThat(check(Map.of(), "{\"server\": {\"port\": 80,}}", "bad.json")).isEqualTo(SwitchyardCli.USAGE);
        assertThat(error()).startsWith("switchyard: config " + dir.resolve("bad.json") + ", line 1, column ")
                .doesNotContain("StreamReadFeature").doesNotContain("Source:").doesNotContain("(code ");
    }

    @Test
    void aMissingFileSaysNotFound() {
        CommandLine cli = SwitchyardCli.commandLine(Map.of(), () -> 0L, new SecureRandom());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("config", "check", dir.resolve("absent.yaml").toString()))
                .isEqualTo(SwitchyardCli.USAGE);
        assertThat(error()).startsWith("switchyard: config file " + dir.resolve("absent.yaml") + " not found");
    }

    @Test
    void catalogMistakesNameTheFile() throws Exception {
        assertThat(check(Map.of(), "aliases: {fast: nobody/nothing}\n", "alias.yaml"))
                .isEqualTo(SwitchyardCli.USAGE);
        assertThat(error()).startsWith("switchyard: config " + dir.resolve("alias.yaml") + ": ")
                .contains("nobody/nothing");
    }
}
