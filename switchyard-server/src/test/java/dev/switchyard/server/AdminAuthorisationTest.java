package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.accounts.KeyRole;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, admin authorisation route by route (docs/accounts.md, "Management API"): every management route refuses a
 * request without a key (401) and one with an inference key (403, {@code admin_key_required}), and lets an admin key
 * through. The routes come from the gateway's own router: a route that this test does not classify fails it, so a new
 * management route cannot ship untested.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuthorisationTest {

    /** How a route is authorised. */
    enum Kind {
        /** admin key only: 401 without one, 403 for an inference key. */
        ADMIN,
        /** any usable key, its own record: 401 without one. */
        OWN_KEY,
        /** inference: 401 without a key once keys exist, 403 for an admin key. */
        INFERENCE,
        /** the catalog, health and metrics: read without a key, covered by their own tests. */
        OPEN
    }

    private static final Map<String, Kind> ROUTES = new LinkedHashMap<>();

    static {
        for (String r : List.of("GET /api/v1/keys", "POST /api/v1/keys", "GET /api/v1/keys/:hash",
                "PATCH /api/v1/keys/:hash", "DELETE /api/v1/keys/:hash", "GET /api/v1/workspaces",
                "POST /api/v1/workspaces", "GET /api/v1/workspaces/:id", "PATCH /api/v1/workspaces/:id",
                "DELETE /api/v1/workspaces/:id", "GET /api/v1/activity", "GET /api/v1/admin/usage",
                "GET /api/v1/admin/overview", "GET /api/v1/admin/rankings", "GET /api/v1/admin/requests",
                "GET /api/v1/admin/requests/:id", "GET /api/v1/admin/endpoints", "POST /api/v1/admin/reload")) {
            ROUTES.put(r, Kind.ADMIN);
        }
        ROUTES.put("GET /api/v1/key", Kind.OWN_KEY);
        ROUTES.put("GET /v1/key", Kind.OWN_KEY);
        for (String prefix : List.of("/v1", "/api/v1")) {
            for (String door : List.of("/chat/completions", "/messages", "/messages/count_tokens", "/responses",
                    "/embeddings")) {
                ROUTES.put("POST " + prefix + door, Kind.INFERENCE);
            }
            ROUTES.put("GET " + prefix + "/models", Kind.OPEN);
            ROUTES.put("GET " + prefix + "/models/:author/:slug/endpoints", Kind.OPEN);
            ROUTES.put("GET " + prefix + "/generation", Kind.OPEN);
        }
        ROUTES.put("GET /health", Kind.OPEN);
        ROUTES.put("GET /health/live", Kind.OPEN);
        ROUTES.put("GET /health/ready", Kind.OPEN);
        ROUTES.put("GET /", Kind.OPEN); // a redirect to the console
        ROUTES.put("GET /console/", Kind.OPEN); // static pages; every data call they make is an ADMIN route
        ROUTES.put("GET /metrics", Kind.OPEN);
    }

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass();

    private String admin;
    private String inference;

    @BeforeAll
    void keys() {
        admin = env.adminKey();
        inference = env.createKey(KeyRole.INFERENCE); // ends open mode
    }

    @Test
    void everyRouteIsClassified() {
        List<String> served = env.gateway.routes();
        assertThat(served).as("the router's table").isNotEmpty();
        List<String> unknown = served.stream().filter(r -> !ROUTES.containsKey(r) && !isGemini(r)).toList();
        assertThat(unknown).as("routes this test does not know: classify them in ROUTES and test them").isEmpty();
        assertThat(served).as("every ADMIN route in this test is served").containsAll(ROUTES.entrySet().stream()
                .filter(e -> e.getValue() == Kind.ADMIN).map(Map.Entry::getKey).toList());
    }

    private static boolean isGemini(String route) {
        return route.contains("/v1beta/") || route.contains("/v1/models/"); // inference, in Google's format
    }

    @Test
    void adminRoutesRefuseAnonymousAndInferenceKeysAndServeAdmins() {
        for (String route : env.gateway.routes()) {
            if (ROUTES.get(route) != Kind.ADMIN) {
                continue;
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace(":hash", "0".repeat(64))
                    .replace(":id", "no-such-workspace");
            String body = method.equals("POST") || method.equals("PATCH") ? "{}" : null;

            HttpResponse<String> anonymous = env.request(method, path, body);
            assertThat(anonymous.statusCode()).as(route + " without a key: " + anonymous.body()).isEqualTo(401);

            HttpResponse<String> byInference = env.request(method, path, body, "authorization", "Bearer " + inference);
            assertThat(byInference.statusCode()).as(route + " with an inference key: " + byInference.body())
                    .isEqualTo(403);
            assertThat(TestGateway.json(byInference.body()).path("error").path("code").asText())
                    .isEqualTo("admin_key_required");

            HttpResponse<String> byAdmin = env.request(method, path, body, "authorization", "Bearer " + admin);
            assertThat(byAdmin.statusCode()).as(route + " with an admin key: " + byAdmin.body())
                    .isNotIn(401, 403).isLessThan(500);

            HttpResponse<String> wrongKey = env.request(method, path, body, "authorization",
                    "Bearer sk-swy-" + "A".repeat(48));
            assertThat(wrongKey.statusCode()).as(route + " with an unknown key").isEqualTo(401);
        }
    }

    @Test
    void ownKeyRoutesNeedAKey() {
        for (String path : List.of("/api/v1/key", "/v1/key")) {
            assertThat(env.request("GET", path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(env.request("GET", path, null, "authorization", "Bearer " + inference).statusCode())
                    .as(path).isEqualTo(200);
        }
    }

    @Test
    void inferenceRoutesRefuseAnonymousAndAdminKeys() {
        String body = "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> anonymous = env.post("/v1/chat/completions", body);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        HttpResponse<String> byAdmin = env.post("/v1/chat/completions", body, "authorization", "Bearer " + admin);
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(403);
        HttpResponse<String> byInference = env.post("/v1/chat/completions", body, "authorization",
                "Bearer " + inference);
        assertThat(byInference.statusCode()).as(byInference.body()).isNotIn(401, 403); // let through
    }
}
