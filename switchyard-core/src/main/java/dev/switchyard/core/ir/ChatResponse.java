package dev.switchyard.core.ir;

import dev.switchyard.core.usage.Usage;
import java.util.List;
import java.util.Objects;

/**
 * A complete assistant answer in the IR.
 *
 * @param id the provider's id for it
 * @param model the model the provider says answered
 * @param content reasoning, text and tool calls in the order the model produced them
 */
public record ChatResponse(String id, String model, List<Part> content, Finish finish, Usage usage) {

    public ChatResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        content = List.copyOf(content);
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(usage, "usage");
    }

    /** The text parts joined. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Part p : content) {
            if (p instanceof Part.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
