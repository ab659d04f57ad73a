package dev.switchyard.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.json.Json;
import dev.switchyard.server.openai.OpenAiErrors;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The management API's plumbing: JSON bodies in, JSON answers and OpenAI-shaped errors out, store work off the loop. */
final class AdminHttp {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHttp.class);

    private AdminHttp() {
    }

    /** The request body as JSON; a 400 when it is missing or not JSON. */
    static JsonNode body(RoutingContext ctx) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw GatewayError.invalidRequest("the request body must be a JSON object", null);
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw GatewayError.invalidRequest("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        }
    }

    /**
     * Runs {@code work} on a worker thread and answers with its JSON at {@code status}; a {@link GatewayError} it throws
     * becomes its error response, anything else a 500 that says only that the account store failed.
     */
    static void blocking(RoutingContext ctx, int status, Callable<ObjectNode> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, status, ar.result());
            } else if (ar.cause() instanceof GatewayError e) {
                error(ctx, e);
            } else {
                LOG.warn("management request {} {} failed", ctx.request().method(), ctx.request().path(), ar.cause());
                error(ctx, GatewayError.builder(ErrorKind.SERVER, "the account store failed; see the gateway log")
                        .code("server_error").build());
            }
        });
    }

    static void json(RoutingContext ctx, int status, ObjectNode body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    static void error(RoutingContext ctx, GatewayError e) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(e.status()).putHeader("content-type", "application/json")
                    .end(OpenAiErrors.body(e));
        }
    }
}
