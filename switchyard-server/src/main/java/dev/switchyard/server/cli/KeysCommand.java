package dev.switchyard.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.usage.Money;
import dev.switchyard.server.admin.AccountService;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchyard keys create|list|get|update|disable|enable|delete}. Keys are named by hash or by label. */
@Command(name = "keys", description = "Create, list and change API keys.", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Get.class,
                KeysCommand.Update.class, KeysCommand.Disable.class, KeysCommand.Enable.class,
                KeysCommand.Delete.class})
final class KeysCommand {

    @Command(name = "create", description = "Create a key and print its secret, once.")
    static final class Create extends StoreCommand {
        @Option(names = "--name", required = true, description = "what the key is for")
        String name;
        @Option(names = "--workspace", paramLabel = "ID", description = "its workspace (default: default)")
        String workspace;
        @Option(names = "--admin", description = "an admin key: manages keys and workspaces, cannot call models")
        boolean admin;
        @Option(names = "--expires", paramLabel = "ISO", description = "when it stops working, e.g. 2027-01-31T00:00:00Z")
        String expires;
        @Option(names = "--disabled", description = "create it disabled")
        boolean disabled;
        @Mixin
        LimitOptions limits;

        @Override
        int run(Context c) {
            ObjectNode body = object().put("name", name);
            if (workspace != null) {
                body.put("workspace_id", workspace);
            }
            if (admin) {
                body.put("role", "admin");
            }
            if (expires != null) {
                body.put("expires_at", expires);
            }
            if (disabled) {
                body.put("disabled", true);
            }
            limits.applyTo(body);
            AccountService.CreatedKey created = c.accounts().createKey(body);
            if (c.json()) {
                ObjectNode root = object();
                root.set("data", c.views().key(created.key(), c.nowMillis()));
                root.put("key", created.secret());
                c.printJson(root);
            } else {
                ApiKey k = created.key();
                c.out().println("Created " + role(k) + " key '" + k.name() + "' in workspace " + k.workspaceId());
                c.out().println("  hash:  " + k.hash());
                c.out().println("  label: " + ApiKeys.displayLabel(k.label()));
                c.out().println();
                c.out().println(created.secret());
                c.out().println();
                c.out().println("This secret is shown once: it is not stored and cannot be shown again.");
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List keys.")
    static final class ListKeys extends StoreCommand {
        @Option(names = "--workspace", paramLabel = "ID", description = "only this workspace's keys")
        String workspace;

        @Override
        int run(Context c) {
            List<ApiKey> keys = c.accounts().keys(Optional.ofNullable(workspace), true);
            if (c.json()) {
                ObjectNode root = object();
                ArrayNode data = root.putArray("data");
                keys.forEach(k -> data.add(c.views().key(k, c.nowMillis())));
                c.printJson(root);
                return 0;
            }
            Table t = new Table("HASH", "LABEL", "NAME", "ROLE", "WORKSPACE", "STATUS", "LIMIT");
            for (ApiKey k : keys) {
                t.row(k.hash(), ApiKeys.displayLabel(k.label()), k.name(), role(k), k.workspaceId(),
                        status(k, c.nowMillis()), limit(k));
            }
            t.print(c.out());
            return 0;
        }
    }

    @Command(name = "get", description = "Show one key.")
    static final class Get extends StoreCommand {
        @Parameters(paramLabel = "HASH", description = "the key's hash or label")
        String hash;

        @Override
        int run(Context c) {
            show(c, c.accounts().key(hash));
            return 0;
        }
    }

    @Command(name = "update", description = "Change a key; only the options given change.")
    static final class Update extends StoreCommand {
        @Parameters(paramLabel = "HASH", description = "the key's hash or label")
        String hash;
        @Option(names = "--name", description = "a new name")
        String name;
        @Option(names = "--expires", paramLabel = "ISO", description = "a new expiry, or 'never'")
        String expires;
        @Mixin
        LimitOptions limits;

        @Override
        int run(Context c) {
            ObjectNode body = object();
            if (name != null) {
                body.put("name", name);
            }
            if (expires != null) {
                if (expires.equalsIgnoreCase("never")) {
                    body.putNull("expires_at");
                } else {
                    body.put("expires_at", expires);
                }
            }
            limits.applyTo(body);
            show(c, c.accounts().updateKey(hash, body));
            return 0;
        }
    }

    @Command(name = "disable", description = "Disable a key: it is refused until enabled again.")
    static final class Disable extends StoreCommand {
        @Parameters(paramLabel = "HASH", description = "the key's hash or label")
        String hash;

        @Override
        int run(Context c) {
            show(c, c.accounts().updateKey(hash, object().put("disabled", true)));
            return 0;
        }
    }

    @Command(name = "enable", description = "Enable a disabled key.")
    static final class Enable extends StoreCommand {
        @Parameters(paramLabel = "HASH", description = "the key's hash or label")
        String hash;

        @Override
        int run(Context c) {
            show(c, c.accounts().updateKey(hash, object().put("disabled", false)));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a key for good.")
    static final class Delete extends StoreCommand {
        @Parameters(paramLabel = "HASH", description = "the key's hash or label")
        String hash;

        @Override
        int run(Context c) {
            ApiKey k = c.accounts().deleteKey(hash);
            if (c.json()) {
                c.printJson(object().put("deleted", true).put("hash", k.hash()));
            } else {
                c.out().println("Deleted key '" + k.name() + "' (" + ApiKeys.displayLabel(k.label()) + ", " + k.hash()
                        + ")");
            }
            return 0;
        }
    }

    static void show(StoreCommand.Context c, ApiKey k) {
        if (c.json()) {
            ObjectNode root = StoreCommand.object();
            root.set("data", c.views().key(k, c.nowMillis()));
            c.printJson(root);
            return;
        }
        Table t = new Table("FIELD", "VALUE");
        t.row("hash", k.hash()).row("label", ApiKeys.displayLabel(k.label())).row("name", k.name())
                .row("role", role(k)).row("workspace", k.workspaceId()).row("status", status(k, c.nowMillis()))
                .row("limit", limit(k))
                .row("expires", k.expiresAtMillis().isPresent()
                        ? Instant.ofEpochMilli(k.expiresAtMillis().getAsLong()).toString() : "never")
                .row("rate limits", k.limits().requestsPerMinute() + " rpm, " + k.limits().tokensPerMinute()
                        + " tpm, " + k.limits().maxConcurrent() + " concurrent (0 = no limit)")
                .row("allowed models", k.limits().allowedModels().isEmpty() ? "all"
                        : String.join(", ", k.limits().allowedModels().stream().sorted().toList()))
                .row("allowed providers", k.limits().allowedProviders().isEmpty() ? "all"
                        : String.join(", ", k.limits().allowedProviders().stream().sorted().toList()))
                .row("created", Instant.ofEpochMilli(k.createdAtMillis()).toString())
                .row("updated", Instant.ofEpochMilli(k.updatedAtMillis()).toString());
        t.print(c.out());
    }

    static String role(ApiKey k) {
        return k.role().name().toLowerCase(Locale.ROOT);
    }

    static String status(ApiKey k, long now) {
        if (k.disabled()) {
            return "disabled";
        }
        return k.usableAt(now) ? "active" : "expired";
    }

    static String limit(ApiKey k) {
        return k.budget().map(b -> "$" + Money.toUsd(b.limitPicos()).toPlainString()
                + (b.reset().wireName().equals("none") ? "" : " " + b.reset().wireName())).orElse("none");
    }
}
