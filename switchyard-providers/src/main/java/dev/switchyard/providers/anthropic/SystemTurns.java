package dev.switchyard.providers.anthropic;

import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.ir.Part;
import java.util.List;

/**
 * {@code system}-role messages inside {@code messages}, which Claude Code sends next to the top-level {@code system}
 * blocks. Anthropic's own schema has no such role; Switchyard folds each one's text into the system instructions,
 * after the top-level blocks and in the order the messages came, so nothing is dropped and every provider receives
 * it where it keeps system prompts.
 */
final class SystemTurns {

    private SystemTurns() {
    }

    /**
     * The text blocks of one system message.
     *
     * @throws GatewayError a 400 naming the block when the message holds anything but text
     */
    static List<Part> text(List<Part> parts, String path) {
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Part.Text)) {
                String at = parts.size() == 1 ? path : path + "[" + i + "]";
                throw GatewayError.invalidRequest(at + ": a system message may only hold text blocks", at);
            }
        }
        return parts;
    }
}
