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
     * The buffer as a JSON tree, read with the default mapper's limits.
     *
     * @throws dev.switchyard.core.error.GatewayError a 400 when it is not JSON
     */
    public static com.fasterxml.jackson.databind.JsonNode tree(Buffer buffer) {
        try (JsonParser p = over(Json.mapper().getFactory(), buffer)) {
            com.fasterxml.jackson.databind.JsonNode n = Json.mapper().readTree(p);
            if (n == null) {
                throw dev.switchyard.core.error.GatewayError.invalidRequest("the request body is empty", "body");
            }
            return n;
        } catch (IOException e) {
            throw dev.switchyard.core.error.GatewayError.invalidRequest("the request body is not valid JSON", "body");
        }
    }
}
