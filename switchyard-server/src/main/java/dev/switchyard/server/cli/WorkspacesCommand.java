package dev.switchyard.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.usage.Money;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchyard workspaces create|list|get|update|delete}. */
@Command(name = "workspaces", description = "Create, list and change workspaces.", mixinStandardHelpOptions = true,
        subcommands = {WorkspacesCommand.Create.class, WorkspacesCommand.ListWorkspaces.class,
                WorkspacesCommand.Get.class, WorkspacesCommand.Update.class, WorkspacesCommand.Delete.class})
final class WorkspacesCommand {

    @Command(name = "create", description = "Create a workspace.")
    static final class Create extends StoreCommand {
        @Option(names = "--name", required = true, description = "what operators call it")
        String name;
        @Option(names = "--id", description = "its id (default: a new ws-… id)")
        String id;
        @Option(names = "--disabled", description = "create it disabled")
        boolean disabled;
        @Mixin
        LimitOptions limits;

        @Override
        int run(Context c) {
            ObjectNode body = object().put("name", name);
            if (id != null) {
                body.put("id", id);
            }
            if (disabled) {
                body.put("disabled", true);
            }
            limits.applyTo(body);
            show(c, c.accounts().createWorkspace(body));
            return 0;
        }
    }

    @Command(name = "list", description = "List workspaces.")
    static final class ListWorkspaces extends StoreCommand {
        @Override
        int run(Context c) {
            if (c.json()) {
                ObjectNode root = object();
                ArrayNode data = root.putArray("data");
                c.accounts().workspaces().forEach(w -> data.add(c.views().workspace(w, c.nowMillis())));
                c.printJson(root);
                return 0;
            }
            Table t = new Table("ID", "NAME", "STATUS", "LIMIT");
            for (Workspace w : c.accounts().workspaces()) {
                t.row(w.id(), w.name(), w.disabled() ? "disabled" : "active", limit(w));
            }
            t.print(c.out());
            return 0;
        }
    }

    @Command(name = "get", description = "Show one workspace.")
    static final class Get extends StoreCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(Context c) {
            show(c, c.accounts().workspace(id));
            return 0;
        }
    }

    @Command(name = "update", description = "Change a workspace; only the options given change.")
    static final class Update extends StoreCommand {
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--name", description = "a new name")
        String name;
        @Option(names = "--disable", description = "refuse all its keys")
        boolean disable;
        @Option(names = "--enable", description = "accept its keys again")
        boolean enable;
        @Mixin
        LimitOptions limits;

        @Override
        int run(Context c) {
            ObjectNode body = object();
            if (name != null) {
                body.put("name", name);
            }
            if (disable || enable) {
                body.put("disabled", disable);
            }
            limits.applyTo(body);
            show(c, c.accounts().updateWorkspace(id, body));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a workspace that has no keys.")
    static final class Delete extends StoreCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(Context c) {
            Workspace w = c.accounts().deleteWorkspace(id);
            if (c.json()) {
                c.printJson(object().put("deleted", true).put("id", w.id()));
            } else {
                c.out().println("Deleted workspace '" + w.name() + "' (" + w.id() + ")");
            }
            return 0;
        }
    }

    static void show(StoreCommand.Context c, Workspace w) {
        if (c.json()) {
            ObjectNode root = StoreCommand.object();
            root.set("data", c.views().workspace(w, c.nowMillis()));
            c.printJson(root);
            return;
        }
        new Table("FIELD", "VALUE").row("id", w.id()).row("name", w.name())
                .row("status", w.disabled() ? "disabled" : "active").row("limit", limit(w))
                .row("rate limits", w.limits().requestsPerMinute() + " rpm, " + w.limits().tokensPerMinute()
                        + " tpm, " + w.limits().maxConcurrent() + " concurrent (0 = no limit)")
                .row("created", Instant.ofEpochMilli(w.createdAtMillis()).toString())
                .print(c.out());
    }

    static String limit(Workspace w) {
        return w.budget().map(b -> "$" + Money.toUsd(b.limitPicos()).toPlainString()
                + (b.reset().wireName().equals("none") ? "" : " " + b.reset().wireName())).orElse("none");
    }
}
