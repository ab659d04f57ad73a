package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may call the inference doors once an inference key exists, over real sockets: 401 for no key and for an unknown,
 * disabled or expired key; 403 for an admin key, a key of a disabled workspace and a model outside an allow-list; a
 * provider allow-list that narrows routing; each in the door's own error format, never echoing the secret; and a
 * valid key accepted in every place an SDK puts it.
 */
class AccountsAuthTest {

    private static final TestGateway.MutableClock CLOCK = new TestGateway.MutableClock(Instant.now());
    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass(b -> b.wallClock(CLOCK));
    private static String valid;
    private static String disabled;
    private static String expired;
    private static String admin;
    private static String inDisabledWorkspace;

    @BeforeAll
    static void start() {
        valid = gw.createKey("{\"name\":\"app\"}").secret();
        TestGateway.NewKey d = gw.createKey("{\"name\":\"stopped\"}");
        assertThat(gw.adminCall("PATCH", "/api/v1/keys/" + d.hash(), "{\"disabled\":true}").statusCode())
                .isEqualTo(200);
        disabled = d.secret();
        expired = gw.createKey("{\"name\":\"short-lived\",\"expires_at\":\""
                + CLOCK.instant().plus(Duration.ofHours(1)) + "\"}").secret();
        admin = gw.adminSecret();
        gw.createWorkspace("{\"id\":\"team-off\",\"name\":\"Team Off\"}");
        inDisabledWorkspace = gw.createKey("{\"name\":\"off\",\"workspace_id\":\"team-off\"}").secret();
        assertThat(gw.adminCall("PATCH", "/api/v1/workspaces/team-off", "{\"disabled\":true}").statusCode())
                .isEqualTo(200);
        CLOCK.advance(Duration.ofHours(2)); // past the short-lived key's expiry; no other key expires
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void noKeyIs401(KeyedDoor door) {
        JsonNode error = door.assertError(door.call(gw, null), 401);
        assertThat(error.path("message").asText()).contains("missing API key");
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void unknownKeyIs401AndIsNotEchoed(KeyedDoor door) {
        String bogus = "sk-swy-" + "Zq7".repeat(16);
        HttpResponse<String> r = door.call(gw, bogus);
        JsonNode error = door.assertError(r, 401);
        assertThat(error.path("message").asText()).contains("invalid API key");
        assertThat(r.body()).doesNotContain(bogus).doesNotContain(bogus.substring(19));
        HttpResponse<String> notEvenAKey = door.call(gw, "client-key");
        door.assertError(notEvenAKey, 401);
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void disabledKeyIs401(KeyedDoor door) {
        HttpResponse<String> r = door.call(gw, disabled);
        assertThat(door.assertError(r, 401).path("message").asText()).contains("disabled");
        assertThat(r.body()).doesNotContain(disabled.substring(19));
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void expiredKeyIs401(KeyedDoor door) {
        HttpResponse<String> r = door.call(gw, expired);
        assertThat(door.assertError(r, 401).path("message").asText()).contains("expired");
        assertThat(r.body()).doesNotContain(expired.substring(19));
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void adminKeyIs403OnInference(KeyedDoor door) {
        HttpResponse<String> r = door.call(gw, admin);
        assertThat(door.assertError(r, 403).path("message").asText()).contains("management key")
                .contains("inference key");
        assertThat(r.body()).doesNotContain(admin.substring(19));
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void keyOfADisabledWorkspaceIs403(KeyedDoor door) {
        HttpResponse<String> r = door.call(gw, inDisabledWorkspace);
        assertThat(door.assertError(r, 403).path("message").asText()).contains("workspace team-off is disabled");
        assertThat(r.body()).doesNotContain(inDisabledWorkspace.substring(19));
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void validKeyIsServedInEveryDoor(KeyedDoor door) {
        door.assertServed(door.call(gw, valid));
    }

    @Test
    void validKeyIsReadFromEveryPlaceAnSdkPutsIt() {
        KeyedDoor.CHAT.assertServed(gw.post("/v1/chat/completions", KeyedDoor.CHAT.body("test/echo", 16),
                "authorization", "Bearer " + valid));
        KeyedDoor.MESSAGES.assertServed(gw.post("/v1/messages", KeyedDoor.MESSAGES.body("test/echo", 16),
                "x-api-key", valid));
        KeyedDoor.GEMINI.assertServed(gw.post("/v1beta/models/test/gem:generateContent",
                KeyedDoor.GEMINI.body("test/gem", 16), "x-goog-api-key", valid));
        KeyedDoor.GEMINI.assertServed(gw.post("/v1beta/models/test/gem:generateContent?key=" + valid,
                KeyedDoor.GEMINI.body("test/gem", 16)));
        HttpResponse<String> stream = gw.post("/v1beta/models/test/gem:streamGenerateContent?alt=sse&key=" + valid,
                KeyedDoor.GEMINI.body("test/gem", 16));
        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
        assertThat(stream.body()).contains("data: ");
        KeyedDoor.GEMINI.assertError(gw.post("/v1beta/models/test/gem:generateContent?key=" + disabled,
                KeyedDoor.GEMINI.body("test/gem", 16)), 401);
    }

    @ParameterizedTest
    @EnumSource(KeyedDoor.class)
    void modelOutsideTheKeysAllowListIs403NamingWhatIsAllowed(KeyedDoor door) {
        String key = gw.createKey("{\"name\":\"only-claude\",\"allowed_models\":[\"test/claude\",\"test/embed\"]}")
                .secret();
        HttpResponse<String> r = door.call(gw, key);
        JsonNode error = door.assertError(r, 403);
        assertThat(error.path("message").asText()).contains("may not use model " + door.model)
                .contains("it may use: test/claude, test/embed");
        if (door.openAiEnvelope()) {
            assertThat(error.path("code").asText()).isEqualTo("model_not_allowed");
        }
        if (door != KeyedDoor.GEMINI) {
            door.assertServed(door.call(gw, key, "test/claude", 16));
        }
    }

    @Test
    void workspaceAllowListAppliesBesideTheKeys() {
        gw.createWorkspace("{\"id\":\"team-echo\",\"name\":\"Echo team\",\"allowed_models\":[\"test/echo\"]}");
        String key = gw.createKey("{\"name\":\"wide\",\"workspace_id\":\"team-echo\","
                + "\"allowed_models\":[\"test/echo\",\"test/claude\"]}").secret();
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, key, "test/echo", 16));
        JsonNode error = KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(gw, key, "test/claude", 16), 403);
        assertThat(error.path("message").asText()).contains("workspace team-echo may not use model test/claude");
    }

    @Test
    void providerAllowListNarrowsRoutingToTheAvailabilityError() {
        String key = gw.createKey("{\"name\":\"anthropic-only\",\"allowed_providers\":[\"sim-anthropic\"]}")
                .secret();
        HttpResponse<String> r = KeyedDoor.CHAT.call(gw, key, "test/echo", 16);
        JsonNode error = KeyedDoor.CHAT.assertError(r, 400);
        assertThat(error.path("code").asText()).isEqualTo("constraint_filtered");
        assertThat(error.path("message").asText()).contains("no endpoint for test/echo");
        assertThat(error.path("availability").path("affected_providers").toString()).contains("sim");
        assertThat(error.path("availability").path("excluded_by")).isNotEmpty();
        KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(gw, key, "test/claude", 16));
        HttpResponse<String> widened = gw.post("/v1/chat/completions", "{\"model\":\"test/echo\",\"max_tokens\":16,"
                + "\"provider\":{\"only\":[\"sim\"]},\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
                "authorization", "Bearer " + key);
        KeyedDoor.CHAT.assertError(widened, 400);
    }

    @Test
    void openModeIgnoresPlaceholderKeysUntilTheFirstInferenceKeyExists() {
        try (TestGateway fresh = new TestGateway()) {
            fresh.adminSecret(); // an admin key alone does not close the gateway
            KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(fresh, "client-key"));
            KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(fresh, null));
            String key = fresh.createKey("{\"name\":\"first\"}").secret();
            KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(fresh, "client-key"), 401);
            KeyedDoor.CHAT.assertError(KeyedDoor.CHAT.call(fresh, null), 401);
            KeyedDoor.CHAT.assertServed(KeyedDoor.CHAT.call(fresh, key));
        }
    }
}
