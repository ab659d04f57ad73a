package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void commandLineBeatsEnvironmentBeatsConfigFile() throws Exception {
        Path file = Files.createTempFile("switchyard", ".yaml");
        Files.writeString(file, """
                server: {port: 7000, host: 0.0.0.0, data_dir: /tmp/from-file}
                limits: {max_body_bytes: 1024}
                timeouts: {first_byte_ms: 1500}
                """);
        GatewayConfig fromFile = Main.parse(new String[] {"--config", file.toString()}, Map.of());
        assertThat(fromFile.port()).isEqualTo(7000);
        assertThat(fromFile.host()).isEqualTo("0.0.0.0");
        assertThat(fromFile.maxBodyBytes()).isEqualTo(1024);
        assertThat(fromFile.deadlines().firstByte()).isEqualTo(Duration.ofMillis(1500));

        GatewayConfig fromEnv = Main.parse(new String[] {"--config", file.toString()},
                Map.of("SWITCHYARD_PORT", "7100", "SWITCHYARD_DATA_DIR", "/tmp/from-env"));
        assertThat(fromEnv.port()).isEqualTo(7100);
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/tmp/from-env"));

        GatewayConfig fromArgs = Main.parse(new String[] {"--config", file.toString(), "--port", "7200"},
                Map.of("SWITCHYARD_PORT", "7100"));
        assertThat(fromArgs.port()).isEqualTo(7200);
    }

    @Test
    void mistakesAreReportedClearly() throws Exception {
        assertThatThrownBy(() -> Main.parse(new String[] {"--bogus"}, Map.of())).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> Main.parse(new String[] {"--port", "x"}, Map.of())).hasMessageContaining("port");
        Path file = Files.createTempFile("switchyard", ".yaml");
        Files.writeString(file, "limts: {max_body_bytes: 1}\n");
        assertThatThrownBy(() -> Main.parse(new String[] {"--config", file.toString()}, Map.of()))
                .hasMessageContaining("unknown section 'limts'");
        Files.writeString(file, "limits: {max_body_bytes: 0}\n");
        assertThatThrownBy(() -> Main.parse(new String[] {"--config", file.toString()}, Map.of()))
                .hasMessageContaining("limits.max_body_bytes");
    }
}
