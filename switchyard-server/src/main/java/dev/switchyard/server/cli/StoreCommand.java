package dev.switchyard.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.admin.AccountChanges;
import dev.switchyard.server.admin.AccountService;
import dev.switchyard.server.admin.AccountViews;
import dev.switchyard.store.jdbc.JdbcAccountStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One CLI command that opens the account store, does its work, and closes it; refusals become a message on stderr
 * and an exit code (1 not found or refused, 2 a wrong value).
 */
@Command(mixinStandardHelpOptions = true)
abstract class StoreCommand implements Callable<Integer> {

    @Mixin
    StoreOptions options;

    @Spec
    CommandSpec spec;

    /** The work, given the service and where to print. Returns the exit code. */
    abstract int run(Context c);

    /** What a command works with. */
    record Context(AccountService accounts, AccountViews views, PrintWriter out, boolean json, long nowMillis) {
        void printJson(ObjectNode node) {
            out.println(node.toPrettyString());
        }
    }

    @Override
    public final Integer call() {
        SwitchyardCli root = (SwitchyardCli) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        try (JdbcAccountStore store = options.openAccounts(root.env(), root.clock())) {
            AccountService accounts = new AccountService(store, root.random(), root.clock(), AccountChanges.NONE);
            PrintWriter out = spec.commandLine().getOut();
            int code = run(new Context(accounts, AccountViews.withoutStanding(), out, options.json(),
                    root.clock().epochMillis()));
            out.flush();
            return code;
        } catch (GatewayError e) {
            err.println("switchyard: " + e.getMessage());
            err.flush();
            return e.kind() == ErrorKind.NOT_FOUND || e.status() == 409 ? SwitchyardCli.NOT_FOUND : SwitchyardCli.USAGE;
        } catch (IllegalArgumentException e) {
            err.println("switchyard: " + e.getMessage());
            err.flush();
            return SwitchyardCli.USAGE;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            err.println("switchyard: " + e.getMessage());
            err.flush();
            return SwitchyardCli.NOT_FOUND;
        }
    }

    static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
