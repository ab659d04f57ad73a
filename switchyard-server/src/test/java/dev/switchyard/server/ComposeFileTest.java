package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The scale-out example (packaging/compose.yaml) is checked, since no Docker engine runs here: its services and
 * references hang together, the configuration it mounts loads as the gateway loads it and names the shared stores,
 * and the load balancer's upstreams are the gateway services.
 */
class ComposeFileTest {

    private static final Path PACKAGING = Path.of("").toAbsolutePath().getParent().resolve("packaging");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The services, read by SnakeYAML, which applies anchors and merge keys ({@code <<: *gateway}) as Compose does. */
    private static JsonNode services() throws IOException {
        Object compose = new Yaml().load(Files.readString(PACKAGING.resolve("compose.yaml")));
        JsonNode tree = JSON.valueToTree(compose);
        assertThat(tree.path("services").isObject()).isTrue();
        return tree.path("services");
    }

    @Test
    void everyServiceHasAnImageAndEveryReferenceResolves() throws IOException {
        JsonNode services = services();
        assertThat(services.properties().stream().map(Map.Entry::getKey).toList())
                .contains("gateway-1", "gateway-2", "postgres", "redis", "loadbalancer");
        for (Map.Entry<String, JsonNode> e : services.properties()) {
            JsonNode s = e.getValue();
            assertThat(s.has("image") || s.has("build")).as(e.getKey() + " has an image or a build").isTrue();
            for (String dependency : names(s.path("depends_on"))) {
                assertThat(services.has(dependency)).as(e.getKey() + " depends on " + dependency).isTrue();
            }
            for (JsonNode volume : s.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(PACKAGING.resolve(source)).as(e.getKey() + " mounts " + source).exists();
                }
            }
        }
        assertThat(services.path("gateway-1").path("build").path("dockerfile").asText())
                .isEqualTo("packaging/Dockerfile");
        assertThat(PACKAGING.resolve("Dockerfile")).exists();
        assertThat(services.path("redis").path("command").toString()).as("Redis keeps its state over restarts")
                .contains("appendonly");
    }

    @Test
    void theReplicasConfigurationLoadsAndSharesPostgresAndRedis() {
        GatewayConfig config = ConfigLoader.apply(GatewayConfig.builder(),
                PACKAGING.resolve("compose/switchyard.yaml"), Map.of("SWITCHYARD_POSTGRES_PASSWORD", "pw")).build();
        assertThat(config.store().postgres()).isPresent();
        assertThat(config.store().postgres().orElseThrow().jdbcUrl()).contains("//postgres:5432/");
        assertThat(config.store().postgres().orElseThrow().password()).as("from the environment").isEqualTo("pw");
        assertThat(config.redis().url()).contains("redis://redis:6379");
        assertThat(config.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void theLoadBalancerSpreadsOverTheGatewayServicesUnbuffered() throws IOException {
        String nginx = Files.readString(PACKAGING.resolve("compose/nginx.conf"));
        List<String> upstreams = new ArrayList<>();
        Matcher m = Pattern.compile("server\\s+([\\w-]+):(\\d+)").matcher(nginx);
        while (m.find()) {
            upstreams.add(m.group(1) + ":" + m.group(2));
        }
        assertThat(upstreams).containsExactly("gateway-1:8080", "gateway-2:8080");
        assertThat(nginx).contains("proxy_buffering off");
        JsonNode services = services();
        assertThat(services.has("gateway-1") && services.has("gateway-2")).isTrue();
    }

    private static List<String> names(JsonNode dependsOn) {
        List<String> out = new ArrayList<>();
        if (dependsOn.isArray()) {
            dependsOn.forEach(n -> out.add(n.asText()));
        } else if (dependsOn.isObject()) {
            dependsOn.properties().forEach(e -> out.add(e.getKey()));
        }
        return out;
    }
}
