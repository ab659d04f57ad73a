package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.accounts.KeyRole;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The management API over real sockets: the key and workspace lifecycles, who may call it, and validation. */
class KeysManagementApiTest {

    @RegisterExtension
    static final TestGateway gw = TestGateway.perClass();
    private static String admin;

    @BeforeAll
    static void start() {
        admin = gw.adminKey();
    }

    private static HttpResponse<String> call(String method, String path, String body) {
        return gw.request(method, path, body, "authorization", "Bearer " + admin);
    }

    private static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return TestGateway.json(r.body());
    }

    @Test
    void aKeyLivesThroughCreateListGetPatchAndDelete() {
        JsonNode created = ok(call("POST", "/api/v1/keys", """
                {"name":"ci","limit":5,"limit_reset":"daily","expires_at":"2099-01-01T00:00:00Z",
                 "rate_limits":{"requests_per_minute":60,"max_concurrent":2},"allowed_models":["test/echo"],
                 "provider":{"sort":"price","ignore":["dead"]},"metadata":{"team":"ml"}}"""), 201);
        String secret = created.path("key").asText();
        String hash = created.path("data").path("hash").asText();
        assertThat(secret).startsWith("sk-swy-").hasSize(55);
        assertThat(hash).hasSize(64);
        JsonNode data = created.path("data");
        assertThat(data.path("label").asText()).isEqualTo(secret.substring(0, 19) + "\u2026");
        assertThat(data.path("limit").decimalValue()).isEqualByComparingTo("5");
        assertThat(data.path("limit_remaining").decimalValue()).isEqualByComparingTo("5");
        assertThat(data.path("limit_reset").asText()).isEqualTo("daily");
        assertThat(data.path("expires_at").asText()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(data.path("rate_limits").path("requests_per_minute").asLong()).isEqualTo(60);
        assertThat(data.path("rate_limits").path("max_concurrent").asLong()).isEqualTo(2);
        assertThat(data.path("allowed_models").toString()).isEqualTo("[\"test/echo\"]");
        assertThat(data.path("provider").path("sort").asText()).isEqualTo("price");
        assertThat(data.path("metadata").path("team").asText()).isEqualTo("ml");
        assertThat(data.path("role").asText()).isEqualTo("inference");
        assertThat(data.path("workspace_id").asText()).isEqualTo("default");

        HttpResponse<String> list = call("GET", "/api/v1/keys", null);
        assertThat(ok(list, 200).path("data").findValuesAsText("hash")).contains(hash);
        assertThat(list.body()).as("the secret is shown once only").doesNotContain(secret);
        HttpResponse<String> got = call("GET", "/api/v1/keys/" + hash, null);
        assertThat(ok(got, 200).path("data").path("name").asText()).isEqualTo("ci");
        assertThat(got.body()).doesNotContain(secret);

        assertThat(gw.request("GET", "/api/v1/key", null, "authorization", "Bearer " + secret).statusCode())
                .as("the new key works at once").isEqualTo(200);
        JsonNode patched = ok(call("PATCH", "/api/v1/keys/" + hash,
                "{\"disabled\":true,\"limit\":10,\"name\":\"ci-2\",\"rate_limits\":{\"tokens_per_minute\":1000}}"),
                200).path("data");
        assertThat(patched.path("disabled").asBoolean()).isTrue();
        assertThat(patched.path("limit").decimalValue()).isEqualByComparingTo("10");
        assertThat(patched.path("limit_reset").asText()).as("kept").isEqualTo("daily");
        assertThat(patched.path("rate_limits").path("requests_per_minute").asLong()).as("kept").isEqualTo(60);
        assertThat(patched.path("rate_limits").path("tokens_per_minute").asLong()).isEqualTo(1000);
        assertThat(gw.request("GET", "/api/v1/key", null, "authorization", "Bearer " + secret).statusCode())
                .as("disabling takes effect at once").isEqualTo(401);
        assertThat(ok(call("GET", "/api/v1/keys", null), 200).path("data").findValuesAsText("hash"))
                .as("disabled keys are left out by default").doesNotContain(hash);
        assertThat(ok(call("GET", "/api/v1/keys?include_disabled=true", null), 200).path("data")
                .findValuesAsText("hash")).contains(hash);

        assertThat(ok(call("DELETE", "/api/v1/keys/" + hash, null), 200).path("deleted").asBoolean()).isTrue();
        assertThat(call("GET", "/api/v1/keys/" + hash, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/keys/" + hash, null).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyAdminKeysMayManage() {
        HttpResponse<String> none = gw.request("GET", "/api/v1/keys", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(TestGateway.json(none.body()).path("error").path("type").asText())
                .isEqualTo("authentication_error");
        String bogus = "sk-swy-" + "A".repeat(48);
        HttpResponse<String> bad = gw.request("GET", "/api/v1/keys", null, "authorization", "Bearer " + bogus);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).as("the presented key is not echoed").doesNotContain(bogus);
        assertThat(gw.request("GET", "/api/v1/keys", null, "authorization", "Basic abc").statusCode()).isEqualTo(401);
        String inference = gw.createKey(KeyRole.INFERENCE);
        HttpResponse<String> forbidden = gw.request("POST", "/api/v1/keys", "{\"name\":\"x\"}",
                "authorization", "Bearer " + inference);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        JsonNode error = TestGateway.json(forbidden.body()).path("error");
        assertThat(error.path("message").asText()).contains("admin key");
        assertThat(error.path("type").asText()).isEqualTo("permission_error");
        assertThat(error.path("code").asText()).isEqualTo("admin_key_required");
        assertThat(forbidden.body()).doesNotContain(inference);
        assertThat(gw.request("GET", "/api/v1/workspaces", null, "authorization", "Bearer " + inference)
                .statusCode()).isEqualTo(403);

        String otherAdmin = gw.adminKey();
        String otherHash = dev.switchyard.core.accounts.ApiKeys.hash(otherAdmin);
        ok(call("PATCH", "/api/v1/keys/" + otherHash, "{\"disabled\":true}"), 200);
        assertThat(gw.request("GET", "/api/v1/keys", null, "authorization", "Bearer " + otherAdmin).statusCode())
                .as("a disabled admin key").isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                                  | name",
            "{\"name\":\"\"}                                     | name",
            "{\"name\":\"x\",\"limit\":-1}                       | limit",
            "{\"name\":\"x\",\"limit\":\"5\"}                    | limit",
            "{\"name\":\"x\",\"limit\":5,\"limit_reset\":\"yearly\"} | limit_reset",
            "{\"name\":\"x\",\"limit_reset\":\"daily\"}          | limit_reset",
            "{\"name\":\"x\",\"expires_at\":\"tomorrow\"}        | expires_at",
            "{\"name\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"} | expires_at",
            "{\"name\":\"x\",\"role\":\"root\"}                  | role",
            "{\"name\":\"x\",\"workspace_id\":\"nowhere\"}       | workspace_id",
            "{\"name\":\"x\",\"rate_limits\":{\"requests_per_minute\":-1}} | rate_limits.requests_per_minute",
            "{\"name\":\"x\",\"rate_limits\":{\"rpm\":1}}         | rate_limits.rpm",
            "{\"name\":\"x\",\"allowed_models\":\"test/echo\"}   | allowed_models",
            "{\"name\":\"x\",\"provider\":{\"sort\":\"random\"}} | provider.sort",
            "{\"name\":\"x\",\"metadata\":{\"a\":1}}             | metadata.a",
            "{\"name\":\"x\",\"colour\":\"red\"}                 | colour",
    })
    void badCreateBodiesAreRefusedNamingTheField(String body, String field) {
        HttpResponse<String> r = call("POST", "/api/v1/keys", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = TestGateway.json(r.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).contains(field.contains(".") ? field.substring(
                field.lastIndexOf('.') + 1) : field);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void otherBadRequestsAreClear() {
        assertThat(call("POST", "/api/v1/keys", "not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/keys", "[1]").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/keys?offset=-3", null).body()).contains("offset");
        assertThat(call("GET", "/api/v1/keys?include_disabled=maybe", null).statusCode()).isEqualTo(400);
        assertThat(call("PATCH", "/api/v1/keys/" + "0".repeat(64), "{\"disabled\":true}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> move = call("PATCH", "/api/v1/keys/" + "0".repeat(64), "{\"workspace_id\":\"x\"}");
        assertThat(move.statusCode()).isEqualTo(400);
        assertThat(move.body()).contains("cannot be changed");
    }

    @Test
    void workspacesLiveAndAreNotDeletedWhileTheyHaveKeys() {
        JsonNode w = ok(call("POST", "/api/v1/workspaces", """
                {"id":"team-a","name":"Team A","limit":100,"limit_reset":"monthly",
                 "rate_limits":{"requests_per_minute":600}}"""), 201).path("data");
        assertThat(w.path("id").asText()).isEqualTo("team-a");
        assertThat(w.path("limit_reset").asText()).isEqualTo("monthly");
        assertThat(call("POST", "/api/v1/workspaces", "{\"id\":\"team-a\",\"name\":\"again\"}").statusCode())
                .isEqualTo(409);
        assertThat(call("POST", "/api/v1/workspaces", "{\"id\":\"Team A\",\"name\":\"x\"}").statusCode())
                .isEqualTo(400);
        String generated = ok(call("POST", "/api/v1/workspaces", "{\"name\":\"Generated\"}"), 201)
                .path("data").path("id").asText();
        assertThat(generated).startsWith("ws-");
        assertThat(ok(call("GET", "/api/v1/workspaces", null), 200).path("data").findValuesAsText("id"))
                .contains("default", "team-a", generated);
        assertThat(ok(call("PATCH", "/api/v1/workspaces/team-a", "{\"name\":\"Team A2\",\"disabled\":true}"), 200)
                .path("data").path("name").asText()).isEqualTo("Team A2");
        assertThat(ok(call("GET", "/api/v1/workspaces/team-a", null), 200).path("data").path("disabled")
                .asBoolean()).isTrue();

        JsonNode key = ok(call("POST", "/api/v1/keys", "{\"name\":\"in-a\",\"workspace_id\":\"team-a\"}"), 201);
        assertThat(gw.request("GET", "/api/v1/key", null, "authorization", "Bearer " + key.path("key").asText())
                .statusCode()).as("a disabled workspace refuses its keys").isEqualTo(401);
        HttpResponse<String> busy = call("DELETE", "/api/v1/workspaces/team-a", null);
        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).contains("still has keys");
        ok(call("DELETE", "/api/v1/keys/" + key.path("data").path("hash").asText(), null), 200);
        ok(call("DELETE", "/api/v1/workspaces/team-a", null), 200);
        assertThat(call("GET", "/api/v1/workspaces/team-a", null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/workspaces/default", null).statusCode()).isEqualTo(409);
    }

    @Test
    void secretsNeverReachTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String secret;
        try {
            secret = ok(call("POST", "/api/v1/keys", "{\"name\":\"quiet\"}"), 201).path("key").asText();
            gw.request("GET", "/api/v1/key", null, "authorization", "Bearer " + secret);
            gw.request("POST", "/api/v1/keys", "{\"name\":1}", "authorization", "Bearer " + secret);
            gw.request("GET", "/api/v1/keys", null, "authorization", "Bearer " + secret + "x");
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret.substring(19));
    }
}
