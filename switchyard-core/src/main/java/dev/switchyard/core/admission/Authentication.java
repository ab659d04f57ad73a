package dev.switchyard.core.admission;

import dev.switchyard.core.WallClock;
import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.Caller;
import dev.switchyard.core.accounts.KeyDirectory;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.pipeline.Exchange;
import dev.switchyard.core.pipeline.Interceptor;
import dev.switchyard.core.routing.PolicyMerge;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.routing.Sort;
import dev.switchyard.core.usage.Dimensions;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The first stage of the request ring: finds the caller behind the presented key, or refuses with 401 (no key, an
 * unknown, disabled or expired key) or 403 (a management key, a disabled workspace), in the front door's own error
 * format. A caller's workspace and key routing defaults, and their provider allow-lists, become one policy layer
 * between the operator's and the request's; the ledger's dimensions (key, workspace, app, hashed end user) are set
 * here.
 *
 * <p>Open mode: a gateway bound to loopback that has no inference key yet serves without one (and ignores whatever
 * placeholder key an SDK insists on sending), so that the quick start stays one command; the moment the first
 * inference key exists, every call needs a valid one. A gateway bound to any other
 * address is never open (see docs/accounts.md, "How a new user starts").
 */
public final class Authentication implements Interceptor {

    private static final String HOW = "send it as 'Authorization: Bearer <key>' (or the x-api-key or x-goog-api-key"
            + " header, or ?key=)";

    private final KeyDirectory directory;
    private final boolean openOnLoopback;
    private final WallClock clock;

    /**
     * @param directory where keys are found
     * @param openOnLoopback whether the gateway listens only on loopback, and so may serve without keys while none
     *     exists
     * @param clock for expiry
     */
    public Authentication(KeyDirectory directory, boolean openOnLoopback, WallClock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.openOnLoopback = openOnLoopback;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<Answer> intercept(Exchange exchange, Chain chain) {
        if (openOnLoopback && !directory.hasInferenceKeys()) {
            // open mode: whatever placeholder key an SDK insists on sending is ignored
            exchange.dimensions(new Dimensions("", "", exchange.presented().app(),
                    hashUser(exchange.request().endUser()), "", ""));
            return chain.proceed(exchange);
        }
        String secret = exchange.presented().apiKey();
        if (secret.isEmpty()) {
            return Future.failedFuture(GatewayError.builder(ErrorKind.AUTHENTICATION, "missing API key: " + HOW)
                    .code("missing_api_key").build());
        }
        return directory.lookup(secret).compose(found -> {
            Optional<GatewayError> refusal = refusal(found);
            if (refusal.isPresent()) {
                return Future.failedFuture(refusal.get());
            }
            Caller caller = found.get();
            exchange.caller(caller);
            exchange.callerPolicy(policyOf(caller));
            exchange.dimensions(new Dimensions(caller.key().hash(), caller.workspace().id(),
                    exchange.presented().app(), hashUser(exchange.request().endUser()), "", ""));
            return chain.proceed(exchange);
        });
    }

    private Optional<GatewayError> refusal(Optional<Caller> found) {
        if (found.isEmpty()) {
            return Optional.of(GatewayError.builder(ErrorKind.AUTHENTICATION,
                    "invalid API key: no such key (check for a typo or a deleted key)").code("invalid_api_key")
                    .build());
        }
        ApiKey key = found.get().key();
        if (key.role() == KeyRole.ADMIN) {
            return Optional.of(GatewayError.builder(ErrorKind.PERMISSION_DENIED, "key " + key.label()
                    + " is a management key: it manages keys and reads usage, but cannot call models;"
                    + " use an inference key").code("management_key").build());
        }
        return found.get().refusal(clock.epochMillis());
    }

    /** The workspace's layer narrowed by the key's, each with its provider allow-list as an {@code only}. */
    static ProviderPreferences policyOf(Caller caller) {
        ProviderPreferences ws = withAllowList(caller.workspace().policy(), caller.workspace().limits());
        ProviderPreferences key = withAllowList(caller.key().policy(), caller.key().limits());
        return PolicyMerge.narrow(ws, key);
    }

    private static ProviderPreferences withAllowList(ProviderPreferences policy, Limits limits) {
        if (limits.allowedProviders().isEmpty()) {
            return policy;
        }
        ProviderPreferences only = new ProviderPreferences(List.of(), true, false, false, false,
                Optional.of(limits.allowedProviders()), Set.of(), Optional.empty(), Sort.NONE, false, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0, 0);
        return PolicyMerge.narrow(policy, only);
    }

    /** The end user's id as the ledger keeps it: SHA-256, hex, never the id itself. Empty stays empty. */
    static String hashUser(String user) {
        if (user.isEmpty()) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
