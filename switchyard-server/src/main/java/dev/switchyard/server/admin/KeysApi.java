package dev.switchyard.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/keys}: list ({@code ?offset}, {@code ?include_disabled}, {@code ?workspace_id}), create (201 with the
 * secret once, under {@code key}), and get, update and delete one key by hash. Behind {@link AdminAuth}.
 */
final class KeysApi {

    /** Keys per page of the list. */
    static final int PAGE = 100;

    private final AccountService accounts;
    private final AccountViews views;
    private final WallClock clock;

    KeysApi(AccountService accounts, AccountViews views, WallClock clock) {
        this.accounts = accounts;
        this.views = views;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        int offset;
        boolean includeDisabled;
        try {
            offset = offset(ctx.request().getParam("offset"));
            includeDisabled = flag(ctx.request().getParam("include_disabled"));
        } catch (GatewayError e) {
            AdminHttp.error(ctx, e);
            return;
        }
        Optional<String> workspace = Optional.ofNullable(ctx.request().getParam("workspace_id"));
        AdminHttp.blocking(ctx, 200, () -> {
            List<ApiKey> keys = accounts.keys(workspace, includeDisabled);
            ObjectNode root = Json.mapper().createObjectNode();
            ArrayNode data = root.putArray("data");
            long now = clock.epochMillis();
            keys.stream().skip(offset).limit(PAGE).forEach(k -> data.add(views.key(k, now)));
            return root;
        });
    }

    void create(RoutingContext ctx) {
        AdminHttp.blocking(ctx, 201, () -> {
            AccountService.CreatedKey created = accounts.createKey(AdminHttp.body(ctx));
            ObjectNode root = Json.mapper().createObjectNode();
            root.set("data", views.key(created.key(), clock.epochMillis()));
            root.put("key", created.secret());
            return root;
        });
    }

    void get(RoutingContext ctx) {
        String hash = ctx.pathParam("hash");
        AdminHttp.blocking(ctx, 200, () -> data(views.key(accounts.key(hash), clock.epochMillis())));
    }

    void update(RoutingContext ctx) {
        String hash = ctx.pathParam("hash");
        AdminHttp.blocking(ctx, 200, () -> data(views.key(accounts.updateKey(hash, AdminHttp.body(ctx)),
                clock.epochMillis())));
    }

    void delete(RoutingContext ctx) {
        String hash = ctx.pathParam("hash");
        AdminHttp.blocking(ctx, 200, () -> {
            accounts.deleteKey(hash);
            return Json.mapper().createObjectNode().put("deleted", true);
        });
    }

    static ObjectNode data(ObjectNode item) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("data", item);
        return root;
    }

    static int offset(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the refusal
        }
        throw GatewayError.invalidRequest("'offset' must be a whole number >= 0, not " + text, "offset");
    }

    static boolean flag(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.strip()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw GatewayError.invalidRequest("'include_disabled' must be true or false, not " + text,
                    "include_disabled");
        };
    }
}
