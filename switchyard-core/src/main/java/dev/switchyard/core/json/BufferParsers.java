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
     * A request body as a JSON object, parsed where it lies with the mapper's limits.
     *
     * @throws dev.switchyard.core.error.GatewayError a 400 saying what is wrong: not JSON (with the parser's first
     *     line), a parsing limit exceeded, or not an object
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode object(com.fasterxml.jackson.databind.ObjectMapper
                                                                            mapper, Buffer buffer) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try (JsonParser p = over(mapper.getFactory(), buffer)) {
            tree = mapper.readTree(p);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("request body exceeds a parsing limit: "
                    + firstLine(e.getOriginalMessage()), "body");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("malformed JSON in request body: "
                    + firstLine(e.getOriginalMessage()), "body");
        } catch (IOException e) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("unreadable request body", "body");
        }
        if (!(tree instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("the request body must be a JSON object",
                    "body");
        }
        return object;
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
