package dev.switchyard.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the binary shipped in the embedded-redis jar) on a free loopback port for one test class, with
 * a Vert.x client to it. It can be stopped and started again on the same port to stage an outage.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final int port = freePort();
    private RedisServer server;
    private Vertx vertx;
    private Redis client;
    private RedisAPI api;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url()).setMaxPoolSize(8)
                .setMaxPoolWaiting(10_000));
        api = RedisAPI.api(client);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        stop();
    }

    /** Starts the server (again) on this extension's port; nothing if it is running. */
    public void start() throws IOException {
        if (server != null && server.isActive()) {
            return;
        }
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        server.start();
    }

    /** Stops the server; clients see connection failures until {@link #start}. */
    public void stop() throws IOException {
        if (server != null && server.isActive()) {
            server.stop();
        }
    }

    /** Deletes every key. */
    public void flush() {
        api.flushall(List.of()).await();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public RedisAPI api() {
        return api;
    }

    public Vertx vertx() {
        return vertx;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
