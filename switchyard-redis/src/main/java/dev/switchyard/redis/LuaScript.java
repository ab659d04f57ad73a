package dev.switchyard.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One Lua script shipped with Switchyard, run atomically on the Redis server by its SHA-1 ({@code EVALSHA}); a server
 * that does not have it yet (a fresh or restarted Redis) gets the text once ({@code EVAL}), which also caches it.
 */
public final class LuaScript {

    private final String name;
    private final String text;
    private final String sha;

    private LuaScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha = sha1(text);
    }

    /** Loads {@code name} (for example {@code rate_admit.lua}) from this package's resources. */
    public static LuaScript load(String name) {
        return new LuaScript(name, read(name));
    }

    /** Loads {@code name} with the helpers of {@code library} before it (Redis scripts cannot import). */
    public static LuaScript load(String library, String name) {
        return new LuaScript(name, read(library) + "\n" + read(name));
    }

    private static String read(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("script resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + name, e);
        }
    }

    /** Runs the script with these keys and arguments. */
    public Future<Response> run(RedisAPI redis, List<String> keys, List<String> args) {
        Objects.requireNonNull(redis, "redis");
        List<String> call = new ArrayList<>(keys.size() + args.size() + 2);
        call.add(sha);
        call.add(Integer.toString(keys.size()));
        call.addAll(keys);
        call.addAll(args);
        return redis.evalsha(call).recover(e -> {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                return Future.failedFuture(e);
            }
            List<String> withText = new ArrayList<>(call);
            withText.set(0, text);
            return redis.eval(withText);
        });
    }

    /** The script's resource name. */
    public String name() {
        return name;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
