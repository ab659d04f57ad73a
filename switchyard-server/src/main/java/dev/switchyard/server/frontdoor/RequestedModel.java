package dev.switchyard.server.frontdoor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchyard.core.json.BufferParsers;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The model a rejected request named, for the ledger and the access log: a request refused as invalid still says
 * which model it asked for, so an operator can tell whose requests are failing. Reads only the top-level
 * {@code "model"} string, stops at the first problem, and is used only on the error path.
 */
final class RequestedModel {

    private static final int MAX_LENGTH = 256;

    private RequestedModel() {
    }

    /** The top-level {@code model} string, cut to 256 characters; empty when absent or unreadable. */
    static String peek(JsonFactory factory, Buffer body) {
        if (body == null || body.length() == 0) {
            return "";
        }
        try (JsonParser p = BufferParsers.over(factory, body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "";
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(name) && value == JsonToken.VALUE_STRING) {
                    String model = p.getText();
                    return model.length() > MAX_LENGTH ? model.substring(0, MAX_LENGTH) : model;
                }
                p.skipChildren();
            }
            return "";
        } catch (IOException | RuntimeException e) {
            return ""; // the body is what was wrong; its model is best effort
        }
    }
}
