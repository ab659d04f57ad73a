package dev.switchyard.server;

import dev.switchyard.core.accounts.ApiKey;
import dev.switchyard.core.accounts.ApiKeys;
import dev.switchyard.core.accounts.Budget;
import dev.switchyard.core.accounts.BudgetLedger.ScopedBudget;
import dev.switchyard.core.accounts.BudgetStanding;
import dev.switchyard.core.accounts.KeyRole;
import dev.switchyard.core.accounts.Limits;
import dev.switchyard.core.accounts.Period;
import dev.switchyard.core.accounts.Scope;
import dev.switchyard.core.accounts.Workspace;
import dev.switchyard.core.routing.ProviderPreferences;
import dev.switchyard.core.usage.UsageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accounts for the budget and limit tests, beside {@link TestGateway}: keys with a budget and limits made straight in
 * the store, the budget ledger's standing of a key, calls with a key, the ledger row of a generation, and a raw
 * socket for streams a test abandons.
 */
final class AccountsHarness {

    /** Picodollars per token at 1.00 USD per million tokens. */
    static final long PER_USD_PER_M = 1_000_000;
    /** The test catalog's prices, picodollars per token (test/echo and test/claude). */
    static final long PROMPT = 1 * PER_USD_PER_M;
    static final long COMPLETION = 2 * PER_USD_PER_M;
    static final long CACHE_READ = PER_USD_PER_M / 10;
    /** test/claude's cache write price (1.25); test/echo lists none, so the loader fills in its prompt price. */
    static final long CLAUDE_CACHE_WRITE = PER_USD_PER_M * 5 / 4;
    static final long ECHO_CACHE_WRITE = PROMPT;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccountsHarness() {
    }

    /** An inference key of the default workspace; {@code limitPicos} < 0 for no budget. */
    record Key(String secret, String hash, long limitPicos) {
        ScopedBudget scope() {
            return new ScopedBudget(Scope.key(hash), new Budget(limitPicos, Period.NONE));
        }
    }

    static Key key(TestGateway env, Limits limits, long limitPicos) {
        ApiKeys.Minted m = new ApiKeys(RANDOM).mint();
        long now = System.currentTimeMillis();
        ApiKey key = new ApiKey(m.hash(), m.label(), Workspace.DEFAULT_ID, "budget test", KeyRole.INFERENCE, false,
                OptionalLong.empty(), limits, limitPicos < 0 ? Optional.empty()
                        : Optional.of(new Budget(limitPicos, Period.NONE)), ProviderPreferences.NONE, Map.of(), now, now);
        env.gateway.accounts().createKey(key);
        env.gateway.keyDirectory().invalidate(m.label());
        env.gateway.keyDirectory().recount(); // as the management API does: the gateway leaves open mode at once
        return new Key(m.secret(), m.hash(), limitPicos);
    }

    static Key key(TestGateway env, long limitPicos) {
        return key(env, Limits.NONE, limitPicos);
    }

    static BudgetStanding standing(TestGateway env, Key key) {
        return env.gateway.budgets().standing(key.scope(), System.currentTimeMillis()).toCompletionStage()
                .toCompletableFuture().join(); // lifetime budgets: any time
    }

    static HttpResponse<String> call(TestGateway env, Key key, String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + path))
                    .header("content-type", "application/json").header("authorization", "Bearer " + key.secret())
                    .header("anthropic-version", "2023-06-01")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String generationId(HttpResponse<?> r) {
        return r.headers().firstValue("x-switchyard-generation-id")
                .orElseThrow(() -> new AssertionError("no generation id on the response"));
    }

    /** The ledger row of a generation, once written (records are asynchronous), up to 10 s. */
    static UsageRecord record(TestGateway env, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<UsageRecord> r = env.gateway.store().find(id);
            if (r.isPresent()) {
                return r.get();
            }
            sleep(10);
        }
        throw new AssertionError("generation " + id + " never reached the ledger");
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            sleep(5);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The first group of every match of {@code regex} in {@code text}, in order. */
    static java.util.List<String> matches(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        java.util.List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** How many times {@code regex} occurs in {@code text}. */
    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * A streamed call over a raw socket, so that the test decides when the client goes away: it reads until the
     * response holds {@code until}, then closes the connection.
     */
    static final class RawStream implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        RawStream(TestGateway env, Key key, String path, String body) throws IOException {
            socket = new Socket("127.0.0.1", env.gateway.port());
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "authorization: Bearer " + key.secret() + "\r\ncontent-length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            in = socket.getInputStream();
        }

        /** Reads until what arrived contains {@code text}; returns all that arrived. */
        String readUntil(String text) throws IOException {
            byte[] buf = new byte[4096];
            while (!seen.toString(StandardCharsets.UTF_8).contains(text)) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new AssertionError("the stream ended before '" + text + "': " + seen);
                }
                seen.write(buf, 0, n);
            }
            return seen.toString(StandardCharsets.UTF_8);
        }

        /** The response's generation id header. */
        String generationId() throws IOException {
            String head = readUntil("\r\n\r\n");
            Matcher m = Pattern.compile("(?i)x-switchyard-generation-id: *(\\S+)").matcher(head);
            if (!m.find()) {
                throw new AssertionError("no generation id in " + head);
            }
            return m.group(1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Runs {@code calls} calls of {@code call} on {@code threads} threads and returns their results in call order. */
    static <T> List<T> parallel(int calls, int threads, IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                futures.add(pool.submit(() -> call.apply(n)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
