package dev.switchyard.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.WallClock;
import dev.switchyard.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/workspaces}: list, create, and get, update and delete one by id (a workspace that still has keys is
 * not deleted: 409). Behind {@link AdminAuth}.
 */
final class WorkspacesApi {

    private final AccountService accounts;
    private final AccountViews views;
    private final WallClock clock;

    WorkspacesApi(AccountService accounts, AccountViews views, WallClock clock) {
        this.accounts = accounts;
        this.views = views;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        AdminHttp.blocking(ctx, 200, () -> {
            ObjectNode root = Json.mapper().createObjectNode();
            ArrayNode data = root.putArray("data");
            long now = clock.epochMillis();
            accounts.workspaces().forEach(w -> data.add(views.workspace(w, now)));
            return root;
        });
    }

    void create(RoutingContext ctx) {
        AdminHttp.blocking(ctx, 201, () -> KeysApi.data(views.workspace(accounts.createWorkspace(AdminHttp.body(ctx)),
                clock.epochMillis())));
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminHttp.blocking(ctx, 200, () -> KeysApi.data(views.workspace(accounts.workspace(id), clock.epochMillis())));
    }

    void update(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminHttp.blocking(ctx, 200, () -> KeysApi.data(views.workspace(accounts.updateWorkspace(id,
                AdminHttp.body(ctx)), clock.epochMillis())));
    }

    void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AdminHttp.blocking(ctx, 200, () -> {
            accounts.deleteWorkspace(id);
            return Json.mapper().createObjectNode().put("deleted", true);
        });
    }
}
