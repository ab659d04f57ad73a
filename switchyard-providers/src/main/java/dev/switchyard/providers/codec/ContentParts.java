package dev.switchyard.providers.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.ChatRequest;
import dev.switchyard.core.ir.Message;
import dev.switchyard.core.ir.Part;
import dev.switchyard.core.ir.Role;
import java.util.ArrayList;
import java.util.List;

/** Shapes that several formats share: content that is a string or an array of typed parts, and user turns. */
public final class ContentParts {

    /** Reads one typed content part. */
    @FunctionalInterface
    public interface PartReader {
        /**
         * @param part the part object
         * @param type its {@code type} field
         * @param path where it sits, for error messages
         */
        Part read(JsonNode part, String type, String path);
    }

    private ContentParts() {
    }

    /** Content given as a string or as an array of parts with a {@code type}; absent or null is no content. */
    public static List<Part> read(JsonNode content, String path, PartReader reader) {
        List<Part> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return parts;
        }
        if (content.isTextual()) {
            parts.add(Part.Text.of(content.asText()));
            return parts;
        }
        if (!content.isArray()) {
            throw GatewayError.invalidRequest(path + " must be a string or an array of content parts", path);
        }
        int i = 0;
        for (JsonNode p : content) {
            String at = path + "[" + i++ + "]";
            parts.add(reader.read(p, Fields.requiredText(p, "type", at + ".type"), at));
        }
        return parts;
    }

    /**
     * Adds a user turn that may carry tool results (Anthropic, Gemini): the results become a {@link Role#TOOL}
     * message first, the rest a {@link Role#USER} message.
     */
    public static void addUserTurn(ChatRequest.Builder b, List<Part> parts) {
        List<Part> results = parts.stream().filter(p -> p instanceof Part.ToolResult).toList();
        List<Part> rest = parts.stream().filter(p -> !(p instanceof Part.ToolResult)).toList();
        if (!results.isEmpty()) {
            b.message(new Message(Role.TOOL, results));
        }
        if (!rest.isEmpty() || results.isEmpty()) {
            b.message(new Message(Role.USER, rest));
        }
    }
}
