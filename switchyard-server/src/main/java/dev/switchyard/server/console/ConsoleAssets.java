package dev.switchyard.server.console;

import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.server.api.AdminReplies;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's static files: plain HTML, CSS and ES modules from {@code console/} on the class path, and Apache
 * ECharts from its Maven webjar. They are public (they hold no data: every data call carries the admin key), read
 * once at start-up into memory, and served with a strict Content-Security-Policy (scripts and connections to this
 * origin only, no framing), {@code nosniff} and no referrer. {@code GET /} and {@code GET /console} lead to
 * {@code /console/}.
 */
final class ConsoleAssets implements Handler<RoutingContext> {

    /** The files under {@code console/} on the class path. */
    static final List<String> FILES = List.of("index.html", "style.css", "app.js", "api.js", "i18n.js", "charts.js",
            "dom.js",
            "pages/overview.js", "pages/rankings.js", "pages/models.js", "pages/requests.js", "pages/keys.js",
            "pages/apps.js", "pages/playground.js");
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private record Asset(Buffer bytes, String type) {
    }

    private final Map<String, Asset> assets = new HashMap<>();

    ConsoleAssets() {
        for (String f : FILES) {
            assets.put("/console/" + f, new Asset(read("console/" + f), type(f)));
        }
        assets.put("/console/vendor/echarts.min.js", new Asset(read(ECHARTS), type(ECHARTS)));
    }

    private static Buffer read(String resource) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console asset missing from the class path: " + resource);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String f) {
        if (f.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (f.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }

    /** {@code GET /} and {@code GET /console}: to the console. */
    static void redirect(RoutingContext ctx) {
        ctx.response().setStatusCode(302).putHeader("location", "/console/").end();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.equals("/console")) {
            redirect(ctx);
            return;
        }
        Asset a = assets.get(path.equals("/console/") ? "/console/index.html" : path);
        if (a == null) {
            AdminReplies.error(ctx, GatewayError.builder(ErrorKind.NOT_FOUND, "no such console file: " + path).build());
            return;
        }
        ctx.response().putHeader("content-type", a.type())
                .putHeader("content-security-policy", CSP)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("x-frame-options", "DENY")
                .putHeader("cache-control", "no-cache")
                .end(a.bytes());
    }
}
