package dev.switchyard.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;

/**
 * Jackson parsers directly over a Vert.x {@link Buffer}'s backing array when it has one, so a request or response is
 * parsed where it lies instead of being copied first. Byte offsets the parser reports are relative to the buffer's
 * start either way.
 */
public final class BufferParsers {

    private BufferParsers() {
    }

    public static JsonParser over(JsonFactory factory, Buffer buffer) throws IOException {
        if (buffer instanceof BufferInternal internal) {
            ByteBuf buf = internal.getByteBuf();
            if (buf.hasArray()) {
                return factory.createParser(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            }
        }
        return factory.createParser(buffer.getBytes());
    }

    /**
     * A request body as a JSON object, parsed where it lies with the mapper's limits, strictly: a key may appear only
     * once in an object (so a second {@code "model"} cannot change what a check saw), and nothing but whitespace may
     * follow the object (no trailing garbage, second value or NUL bytes).
     *
     * @throws dev.switchyard.core.error.GatewayError a 400 saying what is wrong: not JSON (with the parser's first
     *     line), a duplicate key, content after the object, a parsing limit exceeded, or not an object
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode object(com.fasterxml.jackson.databind.ObjectMapper
                                                                            mapper, Buffer buffer) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try (JsonParser p = over(mapper.getFactory(), buffer)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            tree = mapper.readTree(p);
            if (tree != null) {
                requireEnd(p);
            }
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("request body exceeds a parsing limit: "
                    + firstLine(e.getOriginalMessage()), "body");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("unreadable request body", "body");
        }
        if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("the request body must be a JSON object",
                    "body");
        }
        return object;
    }

    /**
     * Requires that nothing but whitespace follows the value the parser has just read.
     *
     * @throws dev.switchyard.core.error.GatewayError a 400 naming what follows (another token, or bytes that are not
     *     JSON at all, such as NUL)
     */
    public static void requireEnd(JsonParser p) throws IOException {
        com.fasterxml.jackson.core.JsonToken next;
        try {
            next = p.nextToken();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw trailing(at(e.getLocation()), tidy(firstLine(e.getOriginalMessage())));
        }
        if (next != null) {
            throw trailing(at(p.currentTokenLocation()), "found '" + p.getText() + "'");
        }
    }

    private static dev.switchyard.core.error.GatewayError trailing(String where, String what) {
        return dev.switchyard.core.error.GatewayError.invalidRequest("unexpected content after the JSON object: "
                + where + what + "; the request body must be exactly one JSON object", "body");
    }

    /**
     * {@code line L, column C: } for a parser location, or nothing when the parser did not know where it was. Lines
     * and columns count from 1, as editors do.
     */
    public static String at(com.fasterxml.jackson.core.JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + Math.max(1, location.getColumnNr()) + ": ";
    }

    /** Jackson's message without its character codes and internal hints, e.g. {@code unexpected character '}'}. */
    static String tidy(String message) {
        String s = message.replaceAll(" \\(code -?\\d+\\)", "")
                .replaceAll("\\(for [A-Za-z]+ starting at \\[Source: .*$", "")
                .replace("Unexpected end-of-input", "unexpected end of input")
                .replace("Unexpected character", "unexpected character");
        int hint = s.indexOf(" (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        if (hint >= 0) {
            s = s.substring(0, hint) + " (a JSON value)" + s.substring(hint
                    + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')".length());
        }
        return s.strip();
    }

    /**
     * A 400 for a parser failure, saying where and what ({@code malformed JSON in request body: line 1, column 14:
     * unexpected character '}'...}); a duplicate key is named as such.
     */
    public static dev.switchyard.core.error.GatewayError malformed(com.fasterxml.jackson.core.JsonProcessingException
                                                                       e) {
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Duplicate field ")) {
            String key = message.substring("Duplicate field ".length());
            return dev.switchyard.core.error.GatewayError.invalidRequest("duplicate key " + key
                    + " in the request body: each key may appear only once in an object", "body");
        }
        return dev.switchyard.core.error.GatewayError.invalidRequest("malformed JSON in request body: "
                + at(e.getLocation()) + tidy(message), "body");
    }

    /** The first line of a parser message, at most 200 characters (Jackson appends the source location after it). */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
