package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routing defaults of keys and workspaces over real sockets: they join the policy layers between the operator's and
 * the request's, and only ever narrow. A key that ignores a provider cannot reach a model only that provider serves,
 * whatever the request says; a workspace's and a key's layers add up.
 */
class KeyPolicyTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();

    private static HttpResponse<String> chat(String key, String model, String provider) {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":16,"
                + (provider == null ? "" : "\"provider\":" + provider + ",")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        return gw.post("/v1/chat/completions", body, "authorization", "Bearer " + key);
    }

    private static void assertFilteredByPolicy(HttpResponse<String> r, String model, String reason) {
        JsonNode error = KeyedDoor.CHAT.assertError(r, 400);
        assertThat(error.path("code").asText()).as(r.body()).isEqualTo("constraint_filtered");
        assertThat(error.path("message").asText()).contains("no endpoint for " + model).contains(reason);
        assertThat(error.path("availability").path("excluded_by").toString()).isEqualTo("[\"" + reason + "\"]");
    }

    @Test
    void keyThatIgnoresAProviderCannotReachItsOnlyModel() {
        String key = gw.createKey("{\"name\":\"no-sim\",\"provider\":{\"ignore\":[\"sim\"]}}").secret();
        assertFilteredByPolicy(chat(key, "test/echo", null), "test/echo", "allowed_providers");
        assertThat(chat(key, "test/claude", null).statusCode()).as("other providers still serve").isEqualTo(200);
        // the same request without the key's layer is served: the refusal is the key's doing
        String plain = gw.createKey("{\"name\":\"plain\"}").secret();
        assertThat(chat(plain, "test/echo", null).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"only\":[\"sim\"]}",
            "{\"ignore\":[]}",
            "{\"order\":[\"sim\"],\"allow_fallbacks\":true}",
            "{\"only\":[\"sim\",\"sim-anthropic\"],\"ignore\":[]}",
    })
    void aRequestCannotWidenTheKeysPolicyBack(String provider) {
        String key = gw.createKey("{\"name\":\"no-sim\",\"provider\":{\"ignore\":[\"sim\"]}}").secret();
        assertFilteredByPolicy(chat(key, "test/echo", provider), "test/echo", "allowed_providers");
    }

    @Test
    void aKeysPriceCapCannotBeRaisedByTheRequest() {
        String key = gw.createKey("{\"name\":\"cheap\",\"provider\":{\"max_price\":{\"prompt\":0.5}}}").secret();
        assertFilteredByPolicy(chat(key, "test/echo", null), "test/echo", "max_price");
        assertFilteredByPolicy(chat(key, "test/echo", "{\"max_price\":{\"prompt\":100}}"), "test/echo",
                "max_price");
    }

    @Test
    void theRequestMayStillNarrowFurther() {
        String key = gw.createKey("{\"name\":\"no-gemini\",\"provider\":{\"ignore\":[\"sim-gemini\"]}}").secret();
        assertThat(chat(key, "test/echo", null).statusCode()).isEqualTo(200);
        assertFilteredByPolicy(chat(key, "test/echo", "{\"ignore\":[\"sim\"]}"), "test/echo", "allowed_providers");
    }

    @Test
    void workspaceAndKeyLayersAddUp() {
        gw.createWorkspace("{\"id\":\"team-policy\",\"name\":\"Policy team\","
                + "\"provider\":{\"ignore\":[\"sim-anthropic\"]}}");
        String key = gw.createKey("{\"name\":\"both\",\"workspace_id\":\"team-policy\","
                + "\"provider\":{\"ignore\":[\"sim\"]}}").secret();
        assertFilteredByPolicy(chat(key, "test/echo", null), "test/echo", "allowed_providers");
        assertFilteredByPolicy(chat(key, "test/claude", null), "test/claude", "allowed_providers");
        assertThat(chat(key, "test/gem", null).statusCode()).isEqualTo(200);
        // a key of the same workspace without its own layer still has the workspace's
        String sibling = gw.createKey("{\"name\":\"sibling\",\"workspace_id\":\"team-policy\"}").secret();
        assertFilteredByPolicy(chat(sibling, "test/claude", null), "test/claude", "allowed_providers");
        assertThat(chat(sibling, "test/echo", null).statusCode()).isEqualTo(200);
    }

    @Test
    void keyOnlyListCannotEscapeTheWorkspaceProviderAllowList() {
        gw.createWorkspace("{\"id\":\"team-sim\",\"name\":\"Sim team\",\"allowed_providers\":[\"sim\"]}");
        String key = gw.createKey("{\"name\":\"wants-claude\",\"workspace_id\":\"team-sim\","
                + "\"provider\":{\"only\":[\"sim-anthropic\"]}}").secret();
        assertFilteredByPolicy(chat(key, "test/claude", null), "test/claude", "allowed_providers");
        assertFilteredByPolicy(chat(key, "test/echo", null), "test/echo", "allowed_providers");
    }

    @Test
    void aPolicyChangeThroughTheApiTakesEffectAtOnce() {
        TestGateway.NewKey key = gw.createKey("{\"name\":\"changing\"}");
        assertThat(chat(key.secret(), "test/echo", null).statusCode()).isEqualTo(200);
        assertThat(gw.adminCall("PATCH", "/api/v1/keys/" + key.hash(), "{\"provider\":{\"ignore\":[\"sim\"]}}")
                .statusCode()).isEqualTo(200);
        assertFilteredByPolicy(chat(key.secret(), "test/echo", null), "test/echo", "allowed_providers");
    }
}
