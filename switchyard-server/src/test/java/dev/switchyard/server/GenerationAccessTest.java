package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.KeyRole;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Once a gateway has keys, a generation's record is its key's (or an admin's) to read, and nobody else's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerationAccessTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();
    private String alice;
    private String bob;
    private String generation;

    @BeforeAll
    void start() {
        alice = env.createKey(KeyRole.INFERENCE);
        bob = env.createKey(KeyRole.INFERENCE);
        HttpResponse<String> r = env.post("/v1/chat/completions",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "authorization", "Bearer " + alice);
        assertThat(r.statusCode()).isEqualTo(200);
        generation = r.headers().firstValue("x-generation-id").orElseThrow();
        env.generation(generation); // written (read with the admin key)
    }

    private HttpResponse<String> read(String key) {
        return key == null ? env.get("/api/v1/generation?id=" + generation)
                : env.request("GET", "/api/v1/generation?id=" + generation, null, "authorization", "Bearer " + key);
    }

    @Test
    void theKeyThatMadeItReadsIt() {
        HttpResponse<String> r = read(alice);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestGateway.json(r.body()).path("data").path("id").asText()).isEqualTo(generation);
    }

    @Test
    void anotherKeyIsToldItDoesNotExist() {
        assertThat(read(bob).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutAKeyItIsRefused() {
        assertThat(read(null).statusCode()).isEqualTo(401);
    }

    @Test
    void anAdminKeyReadsEveryGeneration() {
        assertThat(read(env.adminKey()).statusCode()).isEqualTo(200);
    }
}
